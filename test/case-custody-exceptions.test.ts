/**
 * Custody exceptions as facts of the person's case, on a real dev server and worker: did-not-board
 * (custodial officer, before release) voids the schedule and keeps the person in custodial custody;
 * identity-mismatch (receiving officer, on arrival) sends the person back and the case to identity
 * verification. Clocks, the custody chain's attempts, who may record them, and repeated request ids.
 */
import type { Actor } from '../domain/people';
import type { CaseView } from '../domain/case';
import {
  decideApprovalUpdate,
  recordCustodyEventUpdate,
  recordCustodyExceptionUpdate,
  recordScreeningUpdate,
  recordVerificationUpdate,
  scheduleHandoverUpdate,
} from '../domain/case-messages';
import { actor, caseInput, startCase, testClocks, testNotifications, type CaseDriver } from './helpers/case';
import { withSuiteWorker } from './helpers/temporal';

const { activityDeps } = testNotifications();
const suite = withSuiteWorker(activityDeps);

const clock = (view: CaseView, name: string) => view.clocks.find((c) => c.name === name);

async function toScheduled(c: CaseDriver): Promise<void> {
  const { custodialCountry, receivingCountry, transitCountries } = c.input.registration;
  await c.act(recordScreeningUpdate, actor('officer', custodialCountry), { result: 'cleared' });
  await c.act(recordVerificationUpdate, actor('officer', receivingCountry), { result: 'confirmed', reference: 'CONSULAR-1' });
  for (const country of [custodialCountry, receivingCountry, ...transitCountries]) {
    await c.act(decideApprovalUpdate, actor('supervisor', country), { decision: 'approve' });
  }
  await schedule(c);
}

function schedule(c: CaseDriver) {
  return c.act(scheduleHandoverUpdate, actor('officer', c.input.registration.custodialCountry), {
    agreedDate: new Date(Date.now() + 3_600_000).toISOString(),
    handoverPoint: 'Phnom Penh airport',
    transport: 'air',
    escort: 'police escort',
    flight: 'CZ 6060',
  });
}

async function toArrival(c: CaseDriver): Promise<void> {
  const { custodialCountry, transitCountries } = c.input.registration;
  await c.act(recordCustodyEventUpdate, actor('officer', custodialCountry), { event: 'released-by-custodial', country: custodialCountry });
  for (const t of transitCountries) {
    await c.act(recordCustodyEventUpdate, actor('officer', t), { event: 'entered-transit', country: t });
    await c.act(recordCustodyEventUpdate, actor('officer', t), { event: 'left-transit', country: t });
  }
}

describe('custody exceptions', () => {
  it('did-not-board voids the schedule, keeps detention running and starts a new attempt', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN', transit: ['TH'] }));
    await toScheduled(c);
    let view = await c.view();
    expect(view.allowedActions).toEqual([]); // no reader
    expect(clock(view, 'take-over')?.status).toBe('running');

    const kh: Actor = actor('officer', 'KH');
    const cn: Actor = actor('officer', 'CN');
    // The receiving country cannot say the person did not board; a transit country has no exception.
    await c.refused(recordCustodyExceptionUpdate, cn, { exception: 'did-not-board', note: 'not on the plane' }, 'FORBIDDEN');
    await c.refused(recordCustodyExceptionUpdate, actor('officer', 'TH'), { exception: 'did-not-board', note: 'x' }, 'FORBIDDEN');
    await c.refused(recordCustodyExceptionUpdate, actor('legal', 'KH'), { exception: 'did-not-board', note: 'x' }, 'FORBIDDEN');
    // Not on arrival yet.
    await c.refused(recordCustodyExceptionUpdate, cn, { exception: 'identity-mismatch', note: 'x' }, 'CONFLICT');
    await c.refused(recordCustodyExceptionUpdate, kh, { exception: 'did-not-board', note: '  ' }, 'INVALID');

    const requestId = 'dnb-1';
    const first = await c.act(recordCustodyExceptionUpdate, kh, { requestId, exception: 'did-not-board', note: 'fever at the gate', reference: 'GATE-7' });
    expect(first).toMatchObject({ action: 'recordCustodyException', stage: 'scheduling' });
    view = first.view!;
    expect(view.schedule).toBeUndefined();
    expect(view.custodyEvents).toEqual([]);
    expect(view.custodyAttempts).toEqual([
      { events: [], exception: expect.objectContaining({ exception: 'did-not-board', country: 'KH', note: 'fever at the gate', reference: 'GATE-7' }) },
    ]);
    expect(view.expectedCustodyEvent).toBeUndefined();
    expect(clock(view, 'take-over')?.status).toBe('stopped');
    expect(clock(view, 'immigration-detention')?.status).toBe('running');
    expect(view.waitingOn).toEqual([{ kind: 'person', role: 'officer', country: 'KH', action: 'scheduleHandover' }]);
    expect(clock(view, 'sla:scheduling')?.status).toBe('running');
    expect(view.allowedActions).toContain('schedule');
    expect(view.allowedActions).not.toContain('custody-exceptions');

    // A repeat answers the first result; nothing more is written.
    const repeat = await c.act(recordCustodyExceptionUpdate, kh, { requestId, exception: 'did-not-board', note: 'fever at the gate', reference: 'GATE-7' });
    expect(repeat.timelineSeq).toBe(first.timelineSeq);
    expect((await c.actions()).filter((a) => a === 'did-not-board')).toHaveLength(1);
    await c.refused(recordCustodyExceptionUpdate, kh, { exception: 'did-not-board', note: 'again' }, 'CONFLICT');

    // Scheduled again: the take-over clock starts again and the new attempt's chain starts at release.
    const again = await schedule(c);
    expect(clock(again.view!, 'take-over')?.status).toBe('running');
    expect(again.view!.expectedCustodyEvent).toEqual({ event: 'released-by-custodial', country: 'KH' });
    expect(again.view!.schedule?.version).toBe(1);
    await toArrival(c);
    const done = await c.act(recordCustodyEventUpdate, cn, { event: 'received-by-receiving', country: 'CN', identityRechecked: true });
    expect(done.outcome).toBe('handed-over');
    expect(done.view!.custodyAttempts).toHaveLength(1);
    expect(done.view!.custodyEvents.map((e) => e.event)).toEqual(['released-by-custodial', 'entered-transit', 'left-transit', 'received-by-receiving']);
    await c.saveHistory('custody-did-not-board');
  });

  it('identity-mismatch returns the person to custodial custody and the case to identity verification', async () => {
    const clocks = testClocks('deportation', 'KH', 'CN');
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN', transit: ['TH'], clocks }));
    await toScheduled(c);
    const cn = actor('officer', 'CN');
    // Before release and in transit the receiving country has no exception to record.
    await c.refused(recordCustodyExceptionUpdate, cn, { exception: 'identity-mismatch', note: 'x' }, 'CONFLICT');
    await c.act(recordCustodyEventUpdate, actor('officer', 'KH'), { event: 'released-by-custodial', country: 'KH' });
    await c.refused(recordCustodyExceptionUpdate, actor('officer', 'KH'), { exception: 'did-not-board', note: 'x' }, 'CONFLICT');
    await c.act(recordCustodyEventUpdate, actor('officer', 'TH'), { event: 'entered-transit', country: 'TH' });
    let view = await c.view();
    expect(clock(view, 'transit-stop:TH')?.status).toBe('running');
    expect(clock(view, 'immigration-detention')?.status).toBe('stopped');
    await c.refused(recordCustodyExceptionUpdate, cn, { exception: 'identity-mismatch', note: 'x' }, 'CONFLICT');
    await c.act(recordCustodyEventUpdate, actor('officer', 'TH'), { event: 'left-transit', country: 'TH' });
    await c.refused(recordCustodyExceptionUpdate, actor('officer', 'KH'), { exception: 'identity-mismatch', note: 'x' }, 'FORBIDDEN');
    await c.refused(recordCustodyExceptionUpdate, actor('supervisor', 'TH'), { exception: 'identity-mismatch', note: 'x' }, 'FORBIDDEN');

    const result = await c.act(recordCustodyExceptionUpdate, cn, { exception: 'identity-mismatch', note: 'fingerprints do not match', at: new Date(Date.now() - 60_000).toISOString() });
    view = result.view!;
    expect(result.stage).toBe('identity-verification');
    expect(view.verification).toBeUndefined();
    expect(view.approvals).toEqual([]);
    expect(view.schedule).toBeUndefined();
    expect(view.custodyEvents).toEqual([]);
    expect(view.custodyAttempts?.[0]?.events.map((e) => e.event)).toEqual(['released-by-custodial', 'entered-transit', 'left-transit']);
    expect(view.custodyAttempts?.[0]?.exception).toMatchObject({ exception: 'identity-mismatch', country: 'CN', note: 'fingerprints do not match' });
    expect(clock(view, 'transit-stop:TH')?.status).toBe('stopped');
    const detention = clock(view, 'immigration-detention');
    expect(detention?.status).toBe('running');
    // It runs again from its first start: the time in transfer is no new detention period.
    expect(detention?.startedAt).toBe(c.input.registeredAt);
    expect(view.waitingOn).toEqual([{ kind: 'person', role: 'officer', country: 'CN', action: 'recordVerification' }]);
    const actions = await c.actions();
    expect(actions.slice(-2)).toEqual(['identity-mismatch', 'stage-changed']);

    // Verification again, then every approval again, a new date and a new attempt.
    await c.act(recordVerificationUpdate, cn, { result: 'confirmed', reference: 'BIOMETRIC-2' });
    expect((await c.view()).stage).toBe('approvals');
    for (const country of ['KH', 'CN', 'TH'] as const) await c.act(decideApprovalUpdate, actor('supervisor', country), { decision: 'approve' });
    await schedule(c);
    await toArrival(c);
    const done = await c.act(recordCustodyEventUpdate, cn, { event: 'received-by-receiving', country: 'CN', identityRechecked: true });
    expect(done.outcome).toBe('handed-over');
    await c.saveHistory('custody-identity-mismatch');
  });
});
