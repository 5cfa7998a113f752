/**
 * Rows of an arrest file as the bulk import reads them (one column per BULK_COLUMNS entry): a Myanmar
 * arrest of a Chinese national going home through Thailand, with every column filled the way an
 * officer's spreadsheet would.
 */
import { BULK_COLUMNS } from '../../contracts/bulk-rows';

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Row `n` of a file, with its external reference and any cells overridden. */
export function arrestRow(externalReference: string, n: number, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    externalReference,
    track: 'deportation',
    custodialCountry: 'MM',
    receivingCountry: 'CN',
    transitCountries: 'TH',
    fullName: `Import Person ${n}`,
    otherNames: '',
    birthDate: '1990-04-17',
    sex: 'male',
    claimedNationality: 'CN',
    documentType: 'passport',
    documentNumber: `E${n}`,
    documentIssuingCountry: 'CN',
    biometricReference: '',
    arrestTime: '2025-02-18T06:30:00+06:30',
    arrestPlace: 'Compound KK Park, Myawaddy',
    arrestAgency: 'Myawaddy police',
    arrestOperation: 'Mae Sot round 1',
    custodyStatus: 'detention',
    charges: 'telecom fraud;illegal entry',
    ...overrides,
  };
}

/** The rows as a CSV file's text, header first. */
export function arrestsCsv(rows: Record<string, string>[]): string {
  const header = BULK_COLUMNS.map((c) => c.name);
  return [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h] ?? '')).join(','))].join('\r\n') + '\r\n';
}
