/**
 * POST /api/v1/cases/bulk on its own namespace (so counting workflows counts only this suite's):
 * CSV with bad rows and repeated rows, a repeated upload, the JSON array form, the 10,000-row limit,
 * and whole-request problems (header, role, content type).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { HandoverApp } from '../api/app';
import { CSV_COLUMNS } from '../api/bulk/csv';
import { MAX_BULK_ROWS } from '../api/bulk/intake';
import { call, json, registrationBody, tokenFor } from './helpers/api';
import { eventually, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

let iso: IsolatedApi;
let app: HandoverApp;
let officerMM: string;

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'bulk' });
  app = await iso.app();
  officerMM = await tokenFor('officer', 'MM');
});

afterAll(async () => {
  await iso?.stop();
});

const HEADER = CSV_COLUMNS.map((c) => c.name);
const RUN = Date.now().toString(36).toUpperCase();
const arrested = new Date(Date.now() - 86_400_000).toISOString();

/** One CSV line from column values (quoted where needed). */
function line(values: Partial<Record<string, string>>): string {
  return HEADER.map((h) => {
    const v = values[h] ?? '';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

function person(ref: string, extra: Partial<Record<string, string>> = {}): Partial<Record<string, string>> {
  return {
    externalReference: `${RUN}-${ref}`,
    track: 'deportation',
    custodialCountry: 'MM',
    receivingCountry: 'CN',
    transitCountries: 'TH',
    fullName: `Bulk Person ${ref}`,
    otherNames: 'B. P.;Bulky',
    birthDate: '1990-01-02',
    sex: 'male',
    claimedNationality: 'CN',
    documentType: 'passport',
    documentNumber: `E${ref}`,
    documentIssuingCountry: 'CN',
    arrestTime: arrested,
    arrestPlace: 'Compound, Myawaddy',
    arrestAgency: 'Myawaddy police',
    custodyStatus: 'detention',
    charges: 'telecom fraud;illegal entry',
    ...extra,
  };
}

function csv(lines: string[]): string {
  return `${HEADER.join(',')}\r\n${lines.join('\r\n')}\r\n`;
}

function postCsv(body: string, token = officerMM) {
  return call(app, 'POST', '/api/v1/cases/bulk', { token, body, headers: { 'content-type': 'text/csv' } });
}

async function caseCount(): Promise<number> {
  return (await iso.client.workflow.count("WorkflowType = 'caseWorkflow'")).count;
}

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return JSON.parse(res.body);
}

describe('bulk intake', () => {
  it('answers every CSV row on its own, registers repeated rows once, and a repeated upload creates nothing', async () => {
    const file = csv([
      line(person('A')), // 1 created
      line(person('B')), // 2 created
      line(person('C', { birthDate: '1990-13-45', receivingCountry: 'XX' })), // 3 invalid: two fields
      line(person('A')), // 4 same as row 1
      line(person('B', { fullName: 'Someone Else' })), // 5 same reference as row 2, other details
      line(person('D', { custodialCountry: 'KH' })), // 6 another country's arrest
      `${line(person('E'))},extra`, // 7 one cell too many
      '', // blank line: skipped, not counted
      line(person('F', { documentNumber: '' })), // 8 a document without its number
      line(person('G', { arrestPlace: 'Building "4", floor 2\nnorth wing' })), // 9 created (quoted, with a line break)
    ]);
    const first = await postCsv(file);
    expect(first.statusCode).toBe(200);
    const body = json(first);
    expect(body).toMatchObject({ received: 9, started: 3, existing: 1, invalid: 4, conflicts: 1, failed: 0 });
    const rows = body.results;
    expect(rows.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([
      [1, 'created'],
      [2, 'created'],
      [3, 'invalid'],
      [4, 'existing'],
      [5, 'conflict'],
      [6, 'invalid'],
      [7, 'invalid'],
      [8, 'invalid'],
      [9, 'created'],
    ]);
    expect(rows[0].caseId).toMatch(/^case-MM-\d{4}-[A-Z0-9]{10}$/);
    expect(rows[3]).toMatchObject({ caseId: rows[0].caseId, duplicateOfRow: 1 });
    expect(rows[4]).toMatchObject({ caseId: rows[1].caseId, duplicateOfRow: 2 });
    expect(rows[2].errors.map((e: { field: string }) => e.field).sort()).toEqual(['birthDate', 'receivingCountry']);
    expect(rows[5].errors).toEqual([{ field: 'custodialCountry', message: expect.stringMatching(/registers arrests in MM only/) }]);
    expect(rows[6].errors[0].message).toMatch(/21 cells, the header 20 columns/);
    expect(rows[7].errors.map((e: { field: string }) => e.field)).toEqual(['documentNumber']);
    // No personal data in a row's answer.
    expect(JSON.stringify(body)).not.toMatch(/Bulk Person|Someone Else/);

    // The registered case holds what the CSV said, lists split on `;`.
    const view = json(await call(app, 'GET', `/api/v1/cases/${rows[8].caseId}`, { token: officerMM }));
    expect(view.person).toMatchObject({ fullName: 'Bulk Person G', otherNames: ['B. P.', 'Bulky'] });
    expect(view.arrest.place).toBe('Building "4", floor 2\nnorth wing');
    expect(view.charges).toEqual(['telecom fraud', 'illegal entry']);
    expect(view.transitCountries).toEqual(['TH']);

    await eventually(async () => (await caseCount()) === 3, 'three case workflows');

    const again = json(await postCsv(file));
    expect(again).toMatchObject({ received: 9, started: 0, existing: 4, invalid: 4, conflicts: 1 });
    const existing = again.results.filter((r: { status: string }) => r.status === 'existing');
    expect(existing.map((r: { row: number }) => r.row)).toEqual([1, 2, 4, 9]);
    expect(existing.map((r: { caseId: string }) => r.caseId)).toEqual([rows[0].caseId, rows[1].caseId, rows[0].caseId, rows[8].caseId]);
    // Still three: nothing was started twice.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await caseCount()).toBe(3);
  });

  it('takes a JSON array with the same per-row answers, naming JSON paths', async () => {
    const good = registrationBody({ custodial: 'MM', receiving: 'CN', transit: ['TH'] });
    const unknownField = { ...registrationBody({ custodial: 'MM', receiving: 'CN' }), stage: 'closed' };
    const badDate = registrationBody({ custodial: 'MM', receiving: 'CN' });
    (badDate.person).birthDate = '17/04/1990';
    const res = await call(app, 'POST', '/api/v1/cases/bulk', { token: officerMM, body: [good, unknownField, badDate, 'not an object', good] });
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ received: 5, started: 1, existing: 1, invalid: 3 });
    expect(body.results[1].errors).toEqual([{ field: 'stage', message: 'is not a known field' }]);
    expect(body.results[2].errors.map((e: { field: string }) => e.field)).toEqual(['person.birthDate']);
    expect(body.results[3].errors[0].field).toBe('row');
    expect(body.results[4]).toMatchObject({ status: 'existing', duplicateOfRow: 1, caseId: body.results[0].caseId });
  });

  it('refuses more than 10,000 rows with 413 problem+json, as JSON and as CSV', async () => {
    const tooMany = Array.from({ length: MAX_BULK_ROWS + 1 }, () => ({}));
    const problem = expectProblem(await call(app, 'POST', '/api/v1/cases/bulk', { token: officerMM, body: tooMany }), 413);
    expect(problem.detail).toMatch(/At most 10000 rows/);

    const lines = Array.from({ length: MAX_BULK_ROWS + 1 }, (_, i) => line(person(`X${i}`)));
    expect(expectProblem(await postCsv(csv(lines)), 413).detail).toMatch(/10001/);
    expect(await caseCount()).toBeLessThan(10);
  });

  it('refuses the whole request for a bad header, an empty upload, a wrong role or content type', async () => {
    const unknown = expectProblem(await postCsv(`${HEADER.join(',')},nickname\r\n`), 400);
    expect(unknown.detail).toMatch(/unknown column 21 of the header line/);
    expect(JSON.stringify(unknown)).not.toMatch(/nickname/);
    // Without a header line the first person's cells would be the header: the problem tells positions, not what they hold.
    const headless = expectProblem(await postCsv(csv([line(person('H1'))]).split('\r\n').slice(1).join('\r\n')), 400);
    expect(headless.detail).toMatch(/unknown columns 1, 2, 3, /);
    expect(JSON.stringify(headless)).not.toMatch(/Bulk Person H1|EH1|Myawaddy/);
    const missing = expectProblem(await postCsv('externalReference,track\r\nX,deportation\r\n'), 400);
    expect(missing.detail).toMatch(/missing required column\(s\): custodialCountry/);
    expect(expectProblem(await postCsv(`${HEADER.join(',')}\r\n`), 400).detail).toMatch(/no rows/);
    expect(expectProblem(await postCsv(`${HEADER.join(',')}\r\n"unclosed,`), 400).detail).toMatch(/quoted field is not closed/);

    const supervisor = await tokenFor('supervisor', 'MM');
    expectProblem(await postCsv(csv([line(person('S'))]), supervisor), 403);
    expectProblem(await call(app, 'POST', '/api/v1/cases/bulk', { body: [] }), 401);
    expectProblem(
      await call(app, 'POST', '/api/v1/cases/bulk', { token: officerMM, body: 'a,b', headers: { 'content-type': 'text/plain' } }),
      415,
    );
  });

  it('imports from the command line in chunks, numbering rows as in the file', async () => {
    const listening = await iso.app();
    await listening.listen({ host: '127.0.0.1', port: 0 });
    const { port } = listening.server.address() as AddressInfo;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'handover-import-')), 'people.csv');
    fs.writeFileSync(file, csv([line(person('I1')), line(person('I2')), line(person('I3', { sex: 'x' })), line(person('I1')), line(person('I5'))]));
    const run = () =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', path.join(__dirname, '..', 'scripts', 'import.ts'), file, '--api', `http://127.0.0.1:${port}`, '--chunk', '2'],
          { env: { ...process.env, HANDOVER_TOKEN: officerMM } },
          (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const first = await run();
    expect(first.code).toBe(1); // one invalid row
    expect(first.stderr).toMatch(/\[#+\] 5\/5 rows/);
    expect(first.stdout).toMatch(/^row 3: invalid — sex: /m);
    // Row 4 repeats row 1 in another chunk: the API finds the case row 1 created.
    expect(first.stdout).toMatch(/5 rows: 3 created, 1 existing, 1 invalid, 0 conflicts, 0 failed/);
    const again = await run();
    expect(again.stdout).toMatch(/5 rows: 0 created, 4 existing, 1 invalid/);
  });

  it('accepts the documented sample file', async () => {
    const sample = fs.readFileSync(path.join(__dirname, '..', 'docs', 'sample-bulk.csv'), 'utf8');
    const body = json(await postCsv(sample));
    expect(body.received).toBe(4);
    expect(body.invalid).toBe(0);
    expect(body.started + body.existing).toBe(4);
  });
});
