/**
 * The rows of a bulk intake file (CSV or spreadsheet): the columns (docs/bulk-intake.md), the header
 * rules, and how one row becomes a registration body in the shape of POST /cases. The API's CSV path and
 * the workbench's preview both use this module on the records their parser produced, so a file is judged
 * by the same rules on both sides. Pure and browser-safe: no parser, no Node built-ins.
 */
import type { z } from 'zod';
import type { FieldError } from './problem';
import { RegistrationBodySchema, type RegistrationBody } from './registration';

/** A list cell's separator: `TH;LA`, `fraud;money laundering`. */
export const LIST_SEPARATOR = ';';

/** The most rows one upload may carry (the largest operation). */
export const MAX_BULK_ROWS = 10_000;

/** Columns in documentation order, with the registration field each one fills. */
export const BULK_COLUMNS = [
  { name: 'externalReference', path: 'externalReference', required: true },
  { name: 'track', path: 'track', required: true },
  { name: 'custodialCountry', path: 'custodialCountry', required: true },
  { name: 'receivingCountry', path: 'receivingCountry', required: true },
  { name: 'transitCountries', path: 'transitCountries', required: false, list: true },
  { name: 'fullName', path: 'person.fullName', required: true },
  { name: 'otherNames', path: 'person.otherNames', required: false, list: true },
  { name: 'birthDate', path: 'person.birthDate', required: false },
  { name: 'sex', path: 'person.sex', required: true },
  { name: 'claimedNationality', path: 'person.claimedNationality', required: true },
  { name: 'documentType', path: 'person.documents.0.type', required: false },
  { name: 'documentNumber', path: 'person.documents.0.number', required: false },
  { name: 'documentIssuingCountry', path: 'person.documents.0.issuingCountry', required: false },
  { name: 'biometricReference', path: 'person.biometricReference', required: false },
  { name: 'arrestTime', path: 'arrest.time', required: true },
  { name: 'arrestPlace', path: 'arrest.place', required: true },
  { name: 'arrestAgency', path: 'arrest.agency', required: true },
  { name: 'arrestOperation', path: 'arrest.operation', required: false },
  { name: 'custodyStatus', path: 'custodyStatus', required: true },
  { name: 'charges', path: 'charges', required: false, list: true },
] as const;
export type BulkColumn = (typeof BULK_COLUMNS)[number];
export type BulkColumnName = BulkColumn['name'];

/** Columns whose cells are calendar dates (a spreadsheet's date cell becomes YYYY-MM-DD there). */
export const DATE_COLUMNS: ReadonlySet<string> = new Set<BulkColumnName>(['birthDate']);

const COLUMN_BY_NAME = new Map<string, BulkColumn>(BULK_COLUMNS.map((c) => [c.name, c]));
const COLUMN_BY_PATH = new Map<string, string>(BULK_COLUMNS.map((c) => [c.path, c.name]));

/**
 * Why a whole file is refused; `columns` names the columns concerned (only ever the contract's own column
 * names), `positions` are 1-based column positions, `rows` the count found, `line` where.
 */
export type BulkTableProblemCode =
  | 'no-header'
  | 'unknown-columns'
  | 'repeated-columns'
  | 'missing-columns'
  | 'no-rows'
  | 'too-many-rows'
  | 'unclosed-quote'
  | 'not-csv';

export class BulkTableError extends Error {
  constructor(
    readonly code: BulkTableProblemCode,
    message: string,
    readonly field: string,
    readonly details: { columns?: string[]; positions?: number[]; rows?: number; line?: number } = {},
  ) {
    super(message);
    this.name = 'BulkTableError';
  }
}

export interface BulkTable {
  header: string[];
  rows: string[][];
}

/** A record with no cell holding anything: a blank line, or a spreadsheet row that only had formatting. */
export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/**
 * Checks the header (every required column, no unknown or repeated one) and the number of data rows.
 * `records` are the parser's records with blank lines already left out.
 */
export function readBulkTable(records: string[][]): BulkTable {
  const [header, ...rows] = records;
  if (!header) throw new BulkTableError('no-header', 'the file has no header line', 'header');
  const names = header.map((h) => h.trim());
  // An unknown header cell is told by its position, never its text: a file without a header line has a
  // person's name or document number there, which must not end up in a problem or a log.
  const unknown = names.flatMap((n, i) => (COLUMN_BY_NAME.has(n) ? [] : [i + 1]));
  if (unknown.length > 0) {
    throw new BulkTableError('unknown-columns', `unknown ${unknown.length === 1 ? 'column' : 'columns'} ${unknown.join(', ')} of the header line (counted from 1)`, 'header', {
      positions: unknown,
    });
  }
  // Past the check above every header cell is a contract column name, so the repeated ones may be named.
  const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (repeated.length > 0) throw new BulkTableError('repeated-columns', `column(s) named twice: ${repeated.join(', ')}`, 'header', { columns: repeated });
  const missing: string[] = BULK_COLUMNS.filter((c) => c.required && !names.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) throw new BulkTableError('missing-columns', `missing required column(s): ${missing.join(', ')}`, 'header', { columns: missing });
  checkBulkRowCount(rows.length);
  return { header: names, rows };
}

/** More than MAX_BULK_ROWS or none at all refuses the whole upload. */
export function checkBulkRowCount(rows: number): void {
  if (rows > MAX_BULK_ROWS) {
    throw new BulkTableError('too-many-rows', `At most ${MAX_BULK_ROWS} rows per upload; this one has ${rows}. Split the file.`, 'body', { rows });
  }
  if (rows === 0) throw new BulkTableError('no-rows', 'The upload has no rows', 'body', { rows });
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const key: string | number = /^\d+$/.test(part) ? Number(part) : part;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    if (container[key] === undefined) container[key] = /^\d+$/.test(parts[i + 1] ?? '') ? [] : {};
    node = container[key] as Record<string, unknown>;
  });
}

/**
 * A data row as a registration body. Empty cells are left out, so the schema's defaults and
 * "required" messages apply exactly as for JSON. A row with more cells than columns is an error.
 */
export function rowToRegistration(header: string[], cells: string[]): { body: Record<string, unknown> } | { error: string } {
  if (cells.length > header.length) return { error: `the row has ${cells.length} cells, the header ${header.length} columns` };
  const body: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const column = COLUMN_BY_NAME.get(name)!;
    const raw = (cells[i] ?? '').trim();
    if (raw === '') return;
    const value = 'list' in column && column.list ? raw.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s !== '') : raw;
    setPath(body, column.path, value);
  });
  return { body };
}

/** A schema error path (`person.documents.0.number`) as the column that holds it (`documentNumber`). */
export function columnOf(path: string): string {
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    // A list item (`charges.2`) belongs to its list column.
    const column = COLUMN_BY_PATH.get(p);
    if (column) return column;
  }
  if (path.startsWith('person.documents')) return 'documentType';
  return path;
}

/** zod issues as field errors, the first one per field; `column` renames paths (JSON path → file column). */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], column: (path: string) => string = (p) => p): FieldError[] {
  const errors = issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: path ? `${path}.${key}` : key, message: 'is not a known field' }));
    }
    return [{ field: path === '' ? 'row' : column(path), message: issue.message }];
  });
  return errors.filter((e, i) => errors.findIndex((x) => x.field === e.field) === i);
}

export type CheckedRow = { ok: true; registration: RegistrationBody } | { ok: false; errors: FieldError[] };

/**
 * One row as POST /cases would judge it, plus the bulk rule that every row is an arrest in the caller's
 * country. `column` names fields as the upload does (file columns, or JSON paths).
 */
export function checkBulkRow(item: unknown, callerCountry: string, column: (path: string) => string = (p) => p): CheckedRow {
  const parsed = RegistrationBodySchema.safeParse(item);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues, column) };
  if (parsed.data.custodialCountry !== callerCountry) {
    return {
      ok: false,
      errors: [{ field: 'custodialCountry', message: `an officer of ${callerCountry} registers arrests in ${callerCountry} only` }],
    };
  }
  return { ok: true, registration: parsed.data };
}

/** A file row mapped and checked: the registration to send, or what is wrong with it by column. */
export function checkFileRow(header: string[], cells: string[], callerCountry: string): CheckedRow {
  const mapped = rowToRegistration(header, cells);
  if ('error' in mapped) return { ok: false, errors: [{ field: 'row', message: mapped.error }] };
  return checkBulkRow(mapped.body, callerCountry, columnOf);
}

/**
 * csv-parse's options for a bulk file, the same in the API (`csv-parse/sync`) and the browser
 * (`csv-parse/browser/esm/sync`): RFC 4180 quoting, a spreadsheet's byte-order mark dropped, blank lines
 * skipped, any line ending, and rows of any length kept so that a row with a cell too many is answered as that row's problem.
 */
export const CSV_PARSE_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  // Files pasted together from several sources mix line endings; every one ends a record.
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** A csv-parse error as one sentence about the file (its code says which rule, `lines` where). */
export function csvParseProblem(err: unknown): BulkTableError | undefined {
  if (!err || typeof err !== 'object' || !('code' in err) || typeof err.code !== 'string' || !err.code.startsWith('CSV_')) return undefined;
  const line = 'lines' in err && typeof err.lines === 'number' ? err.lines : undefined;
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new BulkTableError('unclosed-quote', `a quoted field is not closed${line ? ` (line ${line})` : ''}`, 'body', { line });
  }
  const message = 'message' in err && typeof err.message === 'string' ? err.message : err.code;
  return new BulkTableError('not-csv', `the file is not valid CSV: ${message}`, 'body', { line });
}
