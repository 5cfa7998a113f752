/**
 * Bulk intake as CSV: one person a row, a header line naming the columns (docs/bulk-intake.md).
 * csv-parse reads the text (RFC 4180 quoting: fields in double quotes may hold commas, quotes as "" and
 * line breaks); the columns, header rules and row mapping are contracts/bulk-rows.ts, which the
 * workbench's preview uses too, so a file is judged the same before and after it is sent.
 */
import { parse as parseStream } from 'csv-parse';
import { parse, type Options } from 'csv-parse/sync';
import { BULK_COLUMNS, BulkTableError, CSV_PARSE_OPTIONS, csvParseProblem, readBulkTable, type BulkTable } from '../../contracts/bulk-rows';

export { BulkTableError as CsvError, columnOf, LIST_SEPARATOR, rowToRegistration } from '../../contracts/bulk-rows';
export const CSV_COLUMNS = BULK_COLUMNS;
export type CsvTable = BulkTable;

/** Splits CSV text into records of fields; blank lines are skipped, a quote left open is an error. */
export function parseCsv(text: string): string[][] {
  try {
    const options: Options = CSV_PARSE_OPTIONS;
    return parse(text, options);
  } catch (err) {
    throw csvParseProblem(err) ?? err;
  }
}

/** Characters handed to the parser between two yields: a 10,000-row file never holds the event loop for long. */
const SLICE_CHARS = 64 * 1024;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** As parseCsv, in slices, so other requests are answered while a large upload is read. */
export async function parseCsvInSlices(text: string): Promise<string[][]> {
  const options: Options = CSV_PARSE_OPTIONS;
  const parser = parseStream(options);
  const records: string[][] = [];
  parser.on('readable', () => {
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) records.push(record);
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  for (let start = 0; start < text.length && !parser.destroyed; ) {
    let end = Math.min(text.length, start + SLICE_CHARS);
    // Never split a surrogate pair: each slice is encoded as UTF-8 on its own.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parser.write(text.slice(start, end));
    start = end;
    await yieldToLoop();
  }
  if (!parser.destroyed) parser.end();
  try {
    await done;
  } catch (err) {
    throw csvParseProblem(err) ?? err;
  }
  return records;
}

/** Parses and checks the header (every required column present, no unknown or repeated column) and the row count. */
export async function readCsvTable(text: string): Promise<CsvTable> {
  return readBulkTable(await parseCsvInSlices(text));
}

export function isCsvError(err: unknown): err is BulkTableError {
  return err instanceof BulkTableError;
}
