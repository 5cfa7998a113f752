/**
 * Bulk intake: many arrests in one request (a JSON array or a CSV file), each row validated on its
 * own with the schema of POST /cases and started as its own case workflow, a bounded number at a time.
 *
 * Idempotency is the case id's: it is derived from the custodial country and the external reference,
 * so a repeated upload finds every case it created before (`existing`), and a row repeated inside one
 * upload is answered as the first one. One bad row never blocks the others.
 */
import type { Client } from '@temporalio/client';
import { caseWorkflowId, type CaseInput } from '../../domain/case';
import { mapWithConcurrency } from '../../domain/concurrency';
import type { Caller } from '../auth/claims';
import { registrationHash } from '../case-ids';
import type { CaseService } from '../case-service';
import { HttpProblem } from '../problem';
import type { BulkIntakeResult, BulkRowResult, BulkRowStatus } from '../../contracts/bulk';
import type { RegistrationBody } from '../../contracts/registration';
import { BulkTableError, checkBulkRow, checkBulkRowCount, checkFileRow } from '../../contracts/bulk-rows';
import { isTemporalUnavailable } from '../temporal-errors';
import { readCsvTable } from './csv';

export { MAX_BULK_ROWS } from '../../contracts/bulk-rows';
/** Case workflows started at once; the intake benchmark uses the same number for the raw client. */
export const BULK_START_CONCURRENCY = 32;

interface ValidRow {
  row: number;
  registration: RegistrationBody;
}

/** Rows validated between two yields to the event loop: 10,000 rows take about a second of CPU. */
const ROWS_PER_TICK = 250;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A refused file or array as the problem the whole request ends in. */
function tableProblem(err: BulkTableError): HttpProblem {
  if (err.code === 'too-many-rows') return new HttpProblem('payload-too-large', err.message);
  if (err.code === 'no-rows') return new HttpProblem('validation-error', err.message, { errors: [{ field: 'body', message: 'has no rows' }] });
  return new HttpProblem('validation-error', `The CSV is not valid: ${err.message}`, { errors: [{ field: err.field, message: err.message }] });
}

/** Rows of a JSON array or CSV text, validated one by one; the rest of the answer is filled in later. */
export async function validateRows(body: unknown, caller: Caller): Promise<{ valid: ValidRow[]; results: BulkRowResult[] }> {
  let count: number;
  let check: (i: number) => ReturnType<typeof checkBulkRow>;
  try {
    if (typeof body === 'string') {
      const table = await readCsvTable(body);
      count = table.rows.length;
      check = (i) => checkFileRow(table.header, table.rows[i], caller.country);
    } else if (Array.isArray(body)) {
      checkBulkRowCount(body.length);
      count = body.length;
      check = (i) => checkBulkRow((body as unknown[])[i], caller.country);
    } else {
      throw new HttpProblem('validation-error', 'Send a JSON array of registrations or a text/csv file', {
        errors: [{ field: 'body', message: 'must be an array or CSV text' }],
      });
    }
  } catch (err) {
    throw err instanceof BulkTableError ? tableProblem(err) : err;
  }

  const valid: ValidRow[] = [];
  const results: BulkRowResult[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % ROWS_PER_TICK === 0) await yieldToLoop();
    const row = i + 1;
    const checked = check(i);
    if (!checked.ok) {
      results.push({ row, status: 'invalid', errors: checked.errors });
      continue;
    }
    valid.push({ row, registration: checked.registration });
    results.push({ row, status: 'invalid' }); // placeholder, replaced once started
  }
  return { valid, results };
}

/** Validates every row, starts the valid ones `concurrency` at a time, and answers per row. */
export async function bulkIntake(
  { service, client }: { service: CaseService; client: Client },
  caller: Caller,
  body: unknown,
  concurrency = BULK_START_CONCURRENCY,
): Promise<BulkIntakeResult> {
  const { valid, results } = await validateRows(body, caller);
  const byRow = new Map(results.map((r, i) => [r.row, i]));
  const set = (r: BulkRowResult) => {
    results[byRow.get(r.row) ?? 0] = r;
  };

  // Rows naming the same arrest (same case id) inside this upload: the first one is started, the others follow it.
  const first = new Map<string, { row: number; hash: string }>();
  const toStart: (ValidRow & { caseId: string; hash: string; input: CaseInput })[] = [];
  const repeats: (ValidRow & { caseId: string; hash: string; of: number })[] = [];
  for (const [i, v] of valid.entries()) {
    if (i > 0 && i % ROWS_PER_TICK === 0) await yieldToLoop();
    const input = service.caseInput(caller, v.registration);
    const hash = input.requestHash ?? registrationHash(v.registration);
    const earlier = first.get(input.caseId);
    if (earlier) repeats.push({ ...v, caseId: input.caseId, hash, of: earlier.row });
    else {
      first.set(input.caseId, { row: v.row, hash });
      toStart.push({ ...v, caseId: input.caseId, hash, input });
    }
  }

  let unavailable = 0;
  await mapWithConcurrency(toStart, concurrency, async (v) => {
    try {
      if (await service.startCase(v.input)) {
        set({ row: v.row, status: 'created', caseId: v.caseId });
        return;
      }
      // Registered before: the same details make this a repeat; other details are a conflict.
      const view = await service.view(client.workflow.getHandle(caseWorkflowId(v.caseId)));
      if (view.requestHash === v.hash) set({ row: v.row, status: 'existing', caseId: v.caseId });
      else set({ row: v.row, status: 'conflict', caseId: v.caseId, detail: 'this external reference is already registered with different details' });
    } catch (err) {
      // One row's failure never costs the answer for the others.
      if (isTemporalUnavailable(err)) unavailable += 1;
      set({ row: v.row, status: 'failed', detail: 'the case could not be started; upload again (rows already created answer existing)' });
    }
  });
  if (toStart.length > 0 && unavailable === toStart.length) {
    throw new HttpProblem('temporal-unavailable', 'Temporal did not answer; no case was started. Retry later');
  }

  for (const r of repeats) {
    const lead = results[byRow.get(r.of)!];
    if (r.hash !== first.get(r.caseId)!.hash) {
      set({ row: r.row, status: 'conflict', caseId: r.caseId, duplicateOfRow: r.of, detail: 'the same external reference as an earlier row, with different details' });
    } else if (lead.status === 'created' || lead.status === 'existing') {
      set({ row: r.row, status: 'existing', caseId: r.caseId, duplicateOfRow: r.of });
    } else {
      set({ ...lead, row: r.row, duplicateOfRow: r.of });
    }
  }

  const count = (status: BulkRowStatus) => results.filter((r) => r.status === status).length;
  return {
    received: results.length,
    started: count('created'),
    existing: count('existing'),
    invalid: count('invalid'),
    conflicts: count('conflict'),
    failed: count('failed'),
    results,
  };
}

