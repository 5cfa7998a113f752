import { CASE_ID_PATTERN } from '../../../../domain/case';

const CASE_ID_IN_TEXT = new RegExp(CASE_ID_PATTERN.source.replace(/^\^/, '').replace(/\$$/, ''), 'g');

/**
 * The case ids in what was pasted or read from a file: one per line, comma- or space-separated, or a
 * column of a CSV (the bulk import's results file has one), in order, each once. Other text is ignored.
 */
export function caseIdsIn(text: string): string[] {
  return [...new Set(text.match(CASE_ID_IN_TEXT) ?? [])];
}
