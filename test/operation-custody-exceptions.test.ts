/**
 * A flight's custody exceptions reach each excepted person's case (real dev server and worker): four
 * people on one flight, one does not board (the case keeps custody, its schedule void, the manifest
 * entry ready for a later flight), one is refused on arrival for an identity mismatch (the case back
 * in identity verification, the entry blocked on it); the per-person result says the case recorded it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { decideApprovalUpdate, recordScreeningUpdate, recordVerificationUpdate } from '../domain/case-messages';
import { OPERATION_WORKFLOW_TYPE, makeOperationId, type OperationInput } from '../domain/operation';
import { changeManifestUpdate, operationViewQuery, planFlightsUpdate, recordFlightEventUpdate } from '../domain/operation-messages';
import type { operationWorkflow } from '../workflows';
import { actor, caseInput, startCase, testNotifications, type CaseDriver } from './helpers/case';
import { withSuiteWorker } from './helpers/temporal';

const { activityDeps } = testNotifications();
const suite = withSuiteWorker(activityDeps);

const officerMM = actor('officer', 'MM');
let opCounter = 0;

function operationInput(settings: OperationInput['settings'] = {}): OperationInput {
  opCounter += 1;
  const short = `T${Date.now().toString(36).toUpperCase()}${opCounter}`.slice(-10);
  return {
    operationId: makeOperationId('MM', '2025-02-20T00:00:00Z', short),
    details: {
      name: 'test airlift with exceptions',
      custodialCountry: 'MM',
      receivingCountry: 'CN',
      transitCountries: ['TH'],
      handoverPoint: 'Mae Sot airport',
      transport: 'air',
      escort: 'police escort',
      window: { start: '2025-02-20T00:00:00Z', end: '2025-02-24T00:00:00Z' },
      capacity: 4,
    },
    createdBy: officerMM,
    createdAt: new Date().toISOString(),
    settings,
  };
}

/**
 * With HANDOVER_SAVE_HISTORIES=1, writes every run of the operation (following continue-as-new) as a
 * replay fixture; test/replay.test.ts replays every fixture against the current workflow code.
 */
type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

async function saveHistories(workflowId: string, firstRunId: string, name: string): Promise<void> {
  if (process.env.HANDOVER_SAVE_HISTORIES !== '1') return;
  let runId: string | undefined = firstRunId;
  for (let run = 1; runId; run++) {
    const history: History = await suite.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const file = path.join(__dirname, 'fixtures', 'histories', `${name}-run-${run}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // protobufjs' toJSON (as test/helpers/case.ts saves case histories): what the replay suite reads back.
    fs.writeFileSync(file, `${JSON.stringify(history)}\n`);
    const last: HistoryEvent | undefined = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
}

async function approved(c: CaseDriver): Promise<void> {
  await c.act(recordScreeningUpdate, actor('officer', 'MM'), { result: 'cleared' });
  await c.act(recordVerificationUpdate, actor('officer', 'CN'), { result: 'confirmed', reference: 'C-1' });
  for (const country of ['MM', 'CN', 'TH'] as const) await c.act(decideApprovalUpdate, actor('supervisor', country), { decision: 'approve' });
}

describe('operation flight exceptions on the cases', () => {
  it('sends did-not-board and identity-mismatch to the excepted cases and follows them on the manifest', async () => {
    const started = Date.now();
    const input = operationInput({ batchSize: 2, parallelBatches: 2 });
    const op = await suite.env.client.workflow.start<typeof operationWorkflow>(OPERATION_WORKFLOW_TYPE, {
      taskQueue: suite.worker.taskQueue,
      workflowId: input.operationId,
      args: [input],
    });
    const mk = () => startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] }));
    const people = await Promise.all([mk(), mk(), mk(), mk()]);
    await Promise.all(people.map(approved));
    await op.executeUpdate(changeManifestUpdate, { args: [{ requestId: 'add-1', actor: officerMM, action: 'add', caseIds: people.map((c) => c.caseId) }] });
    const cutOff = new Date(Date.now() + 1000).toISOString();
    await op.executeUpdate(planFlightsUpdate, { args: [{ requestId: 'plan-1', actor: officerMM, cutOff, departures: [new Date(Date.now() + 3_600_000).toISOString()] }] });
    let view = await op.query(operationViewQuery);
    for (let i = 0; i < 100 && view.plans[0]?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      view = await op.query(operationViewQuery);
    }
    expect(view.flights.map((f) => [f.flightId, f.seats])).toEqual([['F01', 4]]);
    const [a, notBoarded, mismatch, d] = people;

    const released = await op.executeUpdate(recordFlightEventUpdate, {
      args: [{ requestId: 'rel', actor: officerMM, flightId: 'F01', event: 'released-by-custodial', country: 'MM', exceptions: [{ caseId: notBoarded.caseId, exception: 'did-not-board', note: 'taken ill at the gate' }] }],
    });
    expect([released.recorded, released.exceptions, released.refused]).toEqual([3, 1, 0]);
    expect(released.results.find((r) => r.caseId === notBoarded.caseId)).toEqual({ caseId: notBoarded.caseId, result: 'exception', reason: 'did-not-board', caseRecorded: true });
    const nb = await notBoarded.view();
    expect(nb).toMatchObject({ stage: 'scheduling', custodyEvents: [] });
    expect(nb.schedule).toBeUndefined();
    expect(nb.custodyAttempts?.[0]?.exception).toMatchObject({ exception: 'did-not-board', country: 'MM', note: 'taken ill at the gate' });
    expect(nb.clocks.find((c) => c.name === 'take-over')?.status).toBe('stopped');
    expect(nb.clocks.find((c) => c.name === 'immigration-detention')?.status).toBe('running');
    expect(await notBoarded.actions()).toContain('did-not-board');

    for (const [event, country] of [['entered-transit', 'TH'], ['left-transit', 'TH']] as const) {
      await op.executeUpdate(recordFlightEventUpdate, { args: [{ requestId: event, actor: actor('officer', country), flightId: 'F01', event, country }] });
    }
    const arrival = {
      requestId: 'rec',
      actor: actor('officer', 'CN'),
      flightId: 'F01',
      event: 'received-by-receiving' as const,
      country: 'CN' as const,
      identityRechecked: true,
      exceptions: [{ caseId: mismatch.caseId, exception: 'identity-mismatch' as const }],
    };
    const received = await op.executeUpdate(recordFlightEventUpdate, { args: [arrival] });
    expect([received.recorded, received.exceptions, received.refused]).toEqual([2, 1, 0]);
    expect(received.results.find((r) => r.caseId === mismatch.caseId)).toEqual({ caseId: mismatch.caseId, result: 'exception', reason: 'identity-mismatch', caseRecorded: true });
    const mm = await mismatch.view();
    expect(mm).toMatchObject({ stage: 'identity-verification', approvals: [], custodyEvents: [] });
    expect(mm.schedule).toBeUndefined();
    expect(mm.custodyAttempts?.[0]?.events.map((e) => e.event)).toEqual(['released-by-custodial', 'entered-transit', 'left-transit']);
    expect(mm.custodyAttempts?.[0]?.exception.note).toBe('identity-mismatch on flight F01 of operation ' + input.operationId);
    expect(mm.clocks.find((c) => c.name === 'immigration-detention')?.status).toBe('running');
    expect(mm.clocks.find((c) => c.name === 'transit-stop:TH')?.status).toBe('stopped');
    for (const c of [a, d]) expect((await c.view()).outcome).toBe('handed-over');

    // A repeated flight event answers the same; each case keeps one exception.
    const again = await op.executeUpdate(recordFlightEventUpdate, { args: [arrival], updateId: 'another-update-id' });
    expect(again.results.find((r) => r.caseId === mismatch.caseId)?.caseRecorded).toBe(true);
    expect((await mismatch.actions()).filter((x) => x === 'identity-mismatch')).toHaveLength(1);

    view = await op.query(operationViewQuery);
    const entry = (id: string) => view.manifest.entries.find((e) => e.caseId === id)!;
    expect(entry(notBoarded.caseId)).toMatchObject({ status: 'ready', exception: 'did-not-board' });
    expect(entry(notBoarded.caseId).flightId).toBeUndefined();
    expect(entry(mismatch.caseId)).toMatchObject({ status: 'blocked', exception: 'identity-mismatch', stage: 'identity-verification', blockedOn: 'identity-verification: officer:CN' });
    process.stdout.write(`\n[operation exceptions] ${JSON.stringify({ people: people.length, seconds: (Date.now() - started) / 1000 })}\n`);
    await saveHistories(input.operationId, op.firstExecutionRunId, 'operation-exceptions');
  });
});
