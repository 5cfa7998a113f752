/**
 * A worksheet's cells as the text a CSV would hold, so a spreadsheet is judged by the same row rules.
 * Spreadsheets type their cells: numbers, dates, formulas, rich text, links. A date cell has no time zone,
 * so only a calendar-date column takes it as YYYY-MM-DD; anywhere else it becomes a date-time without an
 * offset, which the arrest-time rule then asks to be given with one, rather than guessing a zone.
 */
import { DATE_COLUMNS } from '../../../../contracts/bulk-rows';

/** What this module reads of an exceljs worksheet (structural, so it is testable without exceljs). */
export interface SheetLike {
  eachRow(options: { includeEmpty: boolean }, callback: (row: { values: unknown }, rowNumber: number) => void): void;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** exceljs dates carry the sheet's wall time as UTC fields. */
function wallTime(d: Date): { date: string; time: string } {
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

export function cellText(value: unknown, column: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const { date, time } = wallTime(value);
    return column !== undefined && DATE_COLUMNS.has(column) ? date : `${date}T${time}`;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: unknown }[]; text?: unknown; result?: unknown; error?: unknown; formula?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
    if ('result' in v || 'formula' in v) return cellText(v.result, column);
    if (v.text !== undefined) return cellText(v.text, column);
    if ('error' in v) return '';
  }
  return '';
}

/** exceljs row values are 1-based and sparse. */
function rawCells(values: unknown): unknown[] {
  if (!Array.isArray(values)) return [];
  return Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => (values as unknown[])[i + 1]);
}

/** The first worksheet's rows as records of text, the first non-blank row naming the columns. */
export function worksheetRecords(sheet: SheetLike): string[][] {
  const raw: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    raw.push(rawCells(row.values));
  });
  let header: string[] | undefined;
  return raw.map((cells) => {
    const texts = cells.map((value, i) => cellText(value, header?.[i]?.trim()));
    if (!header && texts.some((t) => t.trim() !== '')) header = texts;
    return texts;
  });
}
