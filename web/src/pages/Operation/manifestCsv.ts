import { csvText } from '../../format/csv';
import type { ManifestEntry } from '../../queries/operations';

export const MANIFEST_CSV_COLUMNS = ['case', 'status', 'stage', 'outcome', 'waitingOn', 'flight', 'exception', 'leftOut'] as const;
export type ManifestCsvColumn = (typeof MANIFEST_CSV_COLUMNS)[number];

/**
 * The manifest as the board shows it, one row per person: ids, readiness and what holds them back, in
 * the reader's language (`label` turns a column or a value into words). No personal data: the board
 * holds none, and an exported list leaves the building.
 */
export function manifestCsv(
  entries: readonly ManifestEntry[],
  label: { column: (c: ManifestCsvColumn) => string; value: (c: 'status' | 'stage' | 'outcome' | 'exception', v: string) => string },
): string {
  const v = (c: 'status' | 'stage' | 'outcome' | 'exception', value: string | undefined) => (value ? label.value(c, value) : '');
  return csvText([
    MANIFEST_CSV_COLUMNS.map(label.column),
    ...entries.map((e) => [
      e.caseId,
      v('status', e.status),
      v('stage', e.stage),
      v('outcome', e.outcome),
      e.blockedOn ?? '',
      e.flightId ?? '',
      v('exception', e.exception),
      e.leftOut ?? '',
    ]),
  ]);
}
