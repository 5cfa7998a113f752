/**
 * A chosen file as records and then as previewed rows, by the rules the API applies to a CSV upload
 * (contracts/bulk-rows.ts). CSV goes through csv-parse's browser build with the API's own options; a
 * spreadsheet (.xlsx) through exceljs, loaded only when one is chosen so it never weighs on the first page.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import {
  BulkTableError,
  CSV_PARSE_OPTIONS,
  checkFileRow,
  csvParseProblem,
  isBlankRecord,
  readBulkTable,
  type BulkTable,
} from '../../../../contracts/bulk-rows';
import type { FileRefusal, FileRow, ImportFile } from './importStore';
import { worksheetRecords } from './xlsxCells';

/** Larger than any real operation's file (10,000 rows are about 3 MB of CSV). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export type FileKind = 'csv' | 'xlsx';

export function kindOf(file: { name: string; type: string }): FileKind | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.xlsx')) return 'xlsx';
  return undefined;
}

export class RefusedFile extends Error {
  constructor(readonly refusal: FileRefusal) {
    super(refusal.message);
    this.name = 'RefusedFile';
  }
}

function refused(name: string, err: BulkTableError): RefusedFile {
  return new RefusedFile({ code: err.code, name, message: err.message, ...err.details });
}

/** CSV text as records, with the API's parser options. */
export function csvRecords(text: string): string[][] {
  try {
    return parse(text, CSV_PARSE_OPTIONS);
  } catch (err) {
    throw csvParseProblem(err) ?? err;
  }
}

async function xlsxRecords(data: ArrayBuffer): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  return worksheetRecords(sheet);
}

const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Rows checked between two yields, so 10,000 rows never freeze the page. */
const ROWS_PER_SLICE = 500;

/** Every row judged as POST /cases/bulk will judge it, in slices. */
export async function checkRows(table: BulkTable, callerCountry: string): Promise<FileRow[]> {
  const rows: FileRow[] = [];
  for (let i = 0; i < table.rows.length; i++) {
    if (i > 0 && i % ROWS_PER_SLICE === 0) await yieldToBrowser();
    const cells = table.rows[i];
    rows.push({ row: i + 1, cells, checked: checkFileRow(table.header, cells, callerCountry) });
  }
  return rows;
}

/** Reads, checks and previews a file; throws RefusedFile when the whole file cannot be imported. */
export async function readImportFile(file: File, callerCountry: string): Promise<ImportFile> {
  const kind = kindOf(file);
  if (!kind) throw new RefusedFile({ code: 'file-type', name: file.name, message: 'not a .csv or .xlsx file' });
  if (file.size > MAX_FILE_BYTES) throw new RefusedFile({ code: 'file-too-large', name: file.name, message: `${file.size} bytes` });
  let records: string[][];
  try {
    records = kind === 'csv' ? csvRecords(await file.text()) : (await xlsxRecords(await file.arrayBuffer())).filter((r) => !isBlankRecord(r));
  } catch (err) {
    if (err instanceof BulkTableError) throw refused(file.name, err);
    throw new RefusedFile({ code: 'unreadable', name: file.name, message: err instanceof Error ? err.message : String(err) });
  }
  let table: BulkTable;
  try {
    table = readBulkTable(records);
  } catch (err) {
    if (err instanceof BulkTableError) throw refused(file.name, err);
    throw err;
  }
  const rows = await checkRows(table, callerCountry);
  const valid = rows.filter((r) => r.checked.ok).length;
  return { name: file.name, kind, header: table.header, rows, valid, invalid: rows.length - valid };
}
