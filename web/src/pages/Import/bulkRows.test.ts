/** The bulk-intake row rules (contracts/bulk-rows.ts) on records from the browser's CSV parser and from a spreadsheet. */
import { describe, expect, it } from 'vitest';
import { BULK_COLUMNS, BulkTableError, MAX_BULK_ROWS, checkFileRow, columnOf, readBulkTable, rowToRegistration } from '../../../../contracts/bulk-rows';
import { csvRecords } from './readFile';
import { cellText, worksheetRecords } from './xlsxCells';

const HEADER = BULK_COLUMNS.map((c) => c.name);

function cells(overrides: Record<string, string> = {}): string[] {
  const values: Record<string, string> = {
    externalReference: 'MM-1',
    track: 'deportation',
    custodialCountry: 'MM',
    receivingCountry: 'CN',
    transitCountries: 'TH',
    fullName: 'Row Person',
    otherNames: 'R. P.; Rowy ;',
    birthDate: '1990-04-17',
    sex: 'male',
    claimedNationality: 'CN',
    documentType: 'passport',
    documentNumber: 'E1',
    documentIssuingCountry: 'CN',
    biometricReference: '',
    arrestTime: '2025-02-18T06:30:00+06:30',
    arrestPlace: 'Compound, Myawaddy',
    arrestAgency: 'Myawaddy police',
    arrestOperation: '',
    custodyStatus: 'detention',
    charges: 'telecom fraud;illegal entry',
    ...overrides,
  };
  return HEADER.map((h) => values[h] ?? '');
}

function refusal(fn: () => unknown): BulkTableError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BulkTableError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('bulk rows', () => {
  it('maps a row to a registration: lists split on ;, empty cells left out, one document', () => {
    const mapped = rowToRegistration(HEADER, cells());
    expect(mapped).toEqual({
      body: {
        externalReference: 'MM-1',
        track: 'deportation',
        custodialCountry: 'MM',
        receivingCountry: 'CN',
        transitCountries: ['TH'],
        person: {
          fullName: 'Row Person',
          otherNames: ['R. P.', 'Rowy'],
          birthDate: '1990-04-17',
          sex: 'male',
          claimedNationality: 'CN',
          documents: [{ type: 'passport', number: 'E1', issuingCountry: 'CN' }],
        },
        arrest: { time: '2025-02-18T06:30:00+06:30', place: 'Compound, Myawaddy', agency: 'Myawaddy police' },
        custodyStatus: 'detention',
        charges: ['telecom fraud', 'illegal entry'],
      },
    });
    expect(checkFileRow(HEADER, cells(), 'MM')).toMatchObject({ ok: true, registration: { transitCountries: ['TH'] } });
  });

  it('names problems by column, once per column, and applies the caller-country rule', () => {
    const bad = checkFileRow(HEADER, cells({ birthDate: '1990-13-45', receivingCountry: 'XX', documentNumber: '' }), 'MM');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['birthDate', 'documentNumber', 'receivingCountry']);
    expect(checkFileRow(HEADER, cells({ custodialCountry: 'KH' }), 'MM')).toEqual({
      ok: false,
      errors: [{ field: 'custodialCountry', message: 'an officer of MM registers arrests in MM only' }],
    });
    expect(checkFileRow(HEADER, [...cells(), 'extra'], 'MM')).toEqual({
      ok: false,
      errors: [{ field: 'row', message: 'the row has 21 cells, the header 20 columns' }],
    });
    expect(columnOf('charges.2')).toBe('charges');
    expect(columnOf('person.documents')).toBe('documentType');
  });

  it('refuses a file as the API does: unknown, repeated or missing columns, no rows, too many rows', () => {
    expect(refusal(() => readBulkTable([[...HEADER, 'nickname'], cells()]))).toMatchObject({ code: 'unknown-columns', details: { positions: [HEADER.length + 1] } });
    const unknown = refusal(() => readBulkTable([cells(), cells()]));
    expect(unknown).toMatchObject({ code: 'unknown-columns' });
    expect(JSON.stringify(unknown)).not.toMatch(/Row Person|Myawaddy/);
    expect(refusal(() => readBulkTable([[...HEADER, 'sex'], cells()]))).toMatchObject({ code: 'repeated-columns', details: { columns: ['sex'] } });
    const missing = refusal(() => readBulkTable([['externalReference', 'track'], ['X', 'deportation']]));
    expect(missing.code).toBe('missing-columns');
    expect(missing.message).toMatch(/^missing required column\(s\): custodialCountry, receivingCountry/);
    expect(refusal(() => readBulkTable([HEADER])).code).toBe('no-rows');
    expect(refusal(() => readBulkTable([])).code).toBe('no-header');
    const many = refusal(() => readBulkTable([HEADER, ...Array.from({ length: MAX_BULK_ROWS + 1 }, () => cells())]));
    expect(many).toMatchObject({ code: 'too-many-rows', details: { rows: 10_001 } });
    expect(readBulkTable([HEADER.map((h) => ` ${h} `), cells()]).header).toEqual(HEADER);
  });

  it('parses CSV in the browser with the API options: BOM, quotes, line breaks, mixed line endings, blank lines', () => {
    const text = `\ufeff${HEADER.slice(0, 2).join(',')}\r\n\r\n"a, ""b""\nc",x\n1,2\r3,4,5\r\n`;
    expect(csvRecords(text)).toEqual([HEADER.slice(0, 2), ['a, "b"\nc', 'x'], ['1', '2'], ['3', '4', '5']]);
    expect(refusal(() => csvRecords('a,b\r\n"open,')).code).toBe('unclosed-quote');
  });

  it('reads spreadsheet cells as CSV text: dates by column, numbers, rich text, formulas, links', () => {
    const date = new Date(Date.UTC(1990, 3, 17, 0, 0, 0));
    expect(cellText(date, 'birthDate')).toBe('1990-04-17');
    expect(cellText(new Date(Date.UTC(2025, 1, 18, 6, 30)), 'arrestTime')).toBe('2025-02-18T06:30:00');
    expect(cellText(12345, 'documentNumber')).toBe('12345');
    expect(cellText({ richText: [{ text: 'Row ' }, { text: 'Person' }] }, 'fullName')).toBe('Row Person');
    expect(cellText({ formula: 'A1', result: 'MM' }, 'custodialCountry')).toBe('MM');
    expect(cellText({ text: 'ref', hyperlink: 'http://x' }, 'externalReference')).toBe('ref');
    expect(cellText({ error: '#N/A' }, 'charges')).toBe('');
    const sheet = {
      eachRow(_: { includeEmpty: boolean }, cb: (row: { values: unknown }, n: number) => void) {
        [[undefined, 'externalReference', 'birthDate'], [], [undefined, 'R1', date]].forEach((values, i) => cb({ values }, i + 1));
      },
    };
    expect(worksheetRecords(sheet)).toEqual([['externalReference', 'birthDate'], [], ['R1', '1990-04-17']]);
  });
});
