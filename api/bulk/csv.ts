/**
 * Bulk intake as CSV: one person a row, a header line naming the columns (docs/bulk-intake.md).
 * RFC 4180 quoting (fields in double quotes may hold commas, quotes as "" and line breaks); list cells
 * separate their items with `;`. Each row becomes a registration body in the shape of POST /cases, so
 * the same zod schema validates both; its error paths are turned back into column names.
 */

/** A list cell's separator: `TH;LA`, `fraud;money laundering`. */
export const LIST_SEPARATOR = ';';

/** Columns in documentation order, with the registration field each one fills. */
export const CSV_COLUMNS = [
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

const COLUMN_BY_NAME = new Map<string, (typeof CSV_COLUMNS)[number]>(CSV_COLUMNS.map((c) => [c.name, c]));

export class CsvError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

/**
 * Splits CSV text into records of fields. Blank lines are skipped; a quote left open is an error
 * (it would swallow every following row).
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte-order mark from spreadsheets
  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0] === '' && !fieldStarted)) records.push(record);
    record = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    switch (ch) {
      case '"':
        quoted = true;
        fieldStarted = true;
        break;
      case ',':
        record.push(field);
        field = '';
        fieldStarted = true;
        break;
      case '\r':
        if (src[i + 1] === '\n') i++;
        endRecord();
        break;
      case '\n':
        endRecord();
        break;
      default:
        field += ch;
        fieldStarted = true;
    }
  }
  if (quoted) throw new CsvError(`a quoted field is not closed (record ${records.length + 1})`, 'body');
  if (field !== '' || record.length > 0 || fieldStarted) endRecord();
  return records;
}

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Parses and checks the header: every required column present, no unknown or repeated column. */
export function readCsvTable(text: string): CsvTable {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CsvError('the CSV has no header line', 'header');
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !COLUMN_BY_NAME.has(n));
  if (unknown.length > 0) throw new CsvError(`unknown column(s): ${unknown.join(', ')}`, 'header');
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw new CsvError(`column(s) named twice: ${[...new Set(repeated)].join(', ')}`, 'header');
  const missing = CSV_COLUMNS.filter((c) => c.required && !names.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) throw new CsvError(`missing required column(s): ${missing.join(', ')}`, 'header');
  return { header: names, rows };
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

const COLUMN_BY_PATH = new Map<string, string>(CSV_COLUMNS.map((c) => [c.path, c.name]));

/** A schema error path (`person.documents.0.number`) as the CSV column that holds it (`documentNumber`). */
export function columnOf(path: string): string {
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const column = COLUMN_BY_PATH.get(p);
    if (column) return column;
    // A list item (`charges.2`) belongs to its list column.
  }
  if (path.startsWith('person.documents')) return 'documentType';
  return path;
}
