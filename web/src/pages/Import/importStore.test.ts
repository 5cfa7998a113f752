/** The import run: chunks, progress, per-row answers mapped back to file rows, retries, and the refused-rows file. */
import { describe, expect, it } from 'vitest';
import type { BulkIntakeResult } from '../../../../contracts/bulk';
import type { RegistrationBody } from '../../../../contracts/registration';
import { csvCell } from '../../format/csv';
import { ImportStore, chunk, outcomesOfChunk, refusedRowsCsv, registeredRows, registeredRowsCsv, type FileRow, type ImportFile } from './importStore';

function fileOf(n: number, invalidRows: number[] = []): ImportFile {
  const rows: FileRow[] = Array.from({ length: n }, (_, i) => {
    const row = i + 1;
    return invalidRows.includes(row)
      ? { row, cells: [`R${row}`, 'x'], checked: { ok: false, errors: [{ field: 'sex', message: 'Invalid option' }] } }
      : { row, cells: [`R${row}`, 'male'], checked: { ok: true, registration: { externalReference: `R${row}` } as RegistrationBody } };
  });
  return { name: 'people.csv', kind: 'csv', header: ['externalReference', 'sex'], rows, valid: n - invalidRows.length, invalid: invalidRows.length };
}

function answer(bodies: RegistrationBody[], status: (ref: string, i: number) => BulkIntakeResult['results'][number]['status'] = () => 'created'): BulkIntakeResult {
  const results = bodies.map((b, i) => ({ row: i + 1, status: status(b.externalReference, i), caseId: `case-MM-2026-${b.externalReference.padStart(6, '0')}` }));
  const n = (s: string) => results.filter((r) => r.status === s).length;
  return { received: bodies.length, started: n('created'), existing: n('existing'), invalid: n('invalid'), conflicts: n('conflict'), failed: n('failed'), results };
}

const noWait = async () => undefined;

describe('import store', () => {
  it('chunks rows', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });

  it('maps chunk row numbers (and duplicates) back to file rows; a row left out of the answer is failed', () => {
    const out = outcomesOfChunk([11, 12, 14], {
      received: 2, started: 1, existing: 1, invalid: 0, conflicts: 0, failed: 0,
      results: [
        { row: 1, status: 'created', caseId: 'case-MM-2026-AAAAAA' },
        { row: 2, status: 'existing', caseId: 'case-MM-2026-AAAAAA', duplicateOfRow: 1 },
      ],
    });
    expect(out.get(12)).toEqual({ status: 'existing', caseId: 'case-MM-2026-AAAAAA', duplicateOfRow: 11 });
    expect(out.get(14)).toEqual({ status: 'failed' });
  });

  it('sends nothing before start, then the valid rows in chunks with at most two in flight, counting as answers come', async () => {
    const sent: string[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const store = new ImportStore({
      chunkRows: 3,
      sleep: noWait,
      send: async (rows) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        sent.push(rows.map((r) => r.externalReference));
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        return answer(rows, (ref) => (ref === 'R4' ? 'existing' : ref === 'R9' ? 'conflict' : 'created'));
      },
    });
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().counts.answered));
    store.preview(fileOf(10, [2, 7]));
    expect(sent).toEqual([]);
    expect(store.getSnapshot().counts).toMatchObject({ total: 10, invalid: 2, done: 2, toSend: 0 });
    await store.start();
    expect(sent).toEqual([['R1', 'R3', 'R4'], ['R5', 'R6', 'R8'], ['R9', 'R10']]);
    expect(maxInFlight).toBe(2);
    const state = store.getSnapshot();
    expect(state.phase).toBe('done');
    expect(state.counts).toEqual({ total: 10, done: 10, created: 6, existing: 1, invalid: 2, conflict: 1, failed: 0, toSend: 8, answered: 8 });
    expect(state.outcomes.get(10)).toMatchObject({ status: 'created', caseId: 'case-MM-2026-000R10' });
    expect(seen).toContain(3);
    // Starting again is not possible once done: a new file must be previewed.
    await store.start();
    expect(sent).toHaveLength(3);
  });

  it('retries a failed chunk with the same rows, then marks its rows failed; "retry failed rows" sends only those', async () => {
    const attempts: string[][] = [];
    let down = true;
    const store = new ImportStore({
      chunkRows: 2,
      inFlight: 1,
      attempts: 3,
      sleep: noWait,
      describeFailure: () => 'unavailable',
      send: async (rows) => {
        attempts.push(rows.map((r) => r.externalReference));
        if (down && rows[0].externalReference === 'R3') throw new Error('503');
        return answer(rows);
      },
    });
    store.preview(fileOf(4));
    await store.start();
    expect(attempts).toEqual([['R1', 'R2'], ['R3', 'R4'], ['R3', 'R4'], ['R3', 'R4']]);
    let state = store.getSnapshot();
    expect(state.failedChunks).toBe(1);
    expect(state.counts).toMatchObject({ created: 2, failed: 2, answered: 4 });
    expect(state.outcomes.get(3)).toEqual({ status: 'failed', detail: 'unavailable' });

    down = false;
    await store.retryFailed();
    expect(attempts.at(-1)).toEqual(['R3', 'R4']);
    state = store.getSnapshot();
    expect(state.counts).toMatchObject({ created: 4, failed: 0, toSend: 4 });
    expect(state.failedChunks).toBe(0);
  });

  it('does not retry a refusal', async () => {
    let calls = 0;
    const store = new ImportStore({
      sleep: noWait,
      retryable: () => false,
      send: async () => {
        calls += 1;
        throw new Error('403');
      },
    });
    store.preview(fileOf(2));
    await store.start();
    expect(calls).toBe(1);
    expect(store.getSnapshot().counts.failed).toBe(2);
  });

  it('keeps the running import when another file is chosen', async () => {
    let release!: () => void;
    const store = new ImportStore({ sleep: noWait, send: (rows) => new Promise((r) => (release = () => r(answer(rows)))) });
    store.preview(fileOf(1));
    const run = store.start();
    expect(store.getSnapshot().phase).toBe('running');
    expect(store.reading()).toBe(false);
    store.clear();
    expect(store.getSnapshot().phase).toBe('running');
    await Promise.resolve();
    release();
    await run;
    expect(store.getSnapshot().phase).toBe('done');
  });

  it('discards a running import at once: nothing more is sent and a late answer changes nothing', async () => {
    const pending: (() => void)[] = [];
    const sent: string[][] = [];
    const store = new ImportStore({
      chunkRows: 1,
      inFlight: 1,
      sleep: noWait,
      send: (rows) => {
        sent.push(rows.map((r) => r.externalReference));
        return new Promise((r) => pending.push(() => r(answer(rows))));
      },
    });
    store.preview(fileOf(3));
    const run = store.start();
    expect(store.getSnapshot().phase).toBe('running');
    store.discard();
    expect(store.getSnapshot().phase).toBe('empty');
    expect(store.getSnapshot().file).toBeUndefined();
    for (const answerChunk of pending) answerChunk();
    await run;
    expect(sent).toEqual([['R1']]);
    expect(store.getSnapshot()).toMatchObject({ phase: 'empty', outcomes: new Map(), failedChunks: 0 });
    // The store takes a new file afterwards as usual.
    store.preview(fileOf(1));
    expect(store.getSnapshot().phase).toBe('preview');
  });

  it('writes the refused rows with their problems as CSV, formulas kept as text', async () => {
    const store = new ImportStore({ sleep: noWait, send: async (rows) => answer(rows, (ref) => (ref === 'R3' ? 'conflict' : 'created')) });
    store.preview(fileOf(3, [2]));
    await store.start();
    const csv = refusedRowsCsv(store.getSnapshot());
    expect(csv.split('\r\n')).toEqual(['\ufeffrow,status,problems,externalReference,sex', '2,invalid,sex: Invalid option,R2,x', '3,conflict,,R3,male', '']);
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
  });

  it('writes the rows that have a case, new or existing, with the case id as CSV', async () => {
    const status = (ref: string) => (ref === 'R3' ? 'conflict' : ref === 'R4' ? 'existing' : 'created');
    const store = new ImportStore({ sleep: noWait, send: async (rows) => answer(rows, status) });
    store.preview(fileOf(4, [2]));
    await store.start();
    const state = store.getSnapshot();
    expect(registeredRows(state)).toBe(2);
    const lines = registeredRowsCsv(state).split('\r\n');
    expect(lines[0]).toBe('\ufeffrow,status,caseId,externalReference');
    expect(lines.slice(1, -1).map((l) => l.split(',').slice(0, 2).concat(l.split(',')[3]))).toEqual([
      ['1', 'created', 'R1'],
      ['4', 'existing', 'R4'],
    ]);
    expect(lines.slice(1, -1).every((l) => /,case-MM-2026-\w+,/.test(l))).toBe(true);
  });
});
