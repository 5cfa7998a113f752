/**
 * Who may do what, when: refused actions write nothing to history, repeated requests return the first
 * result, and a case survives its worker being replaced.
 */
import {
  type CaseInput,
} from '../domain/case';
import { decideApprovalUpdate, joinOperationUpdate, placeLegalHoldUpdate, recordCustodyEventUpdate, recordLegalReviewUpdate, recordScreeningUpdate, recordVerificationUpdate, resumeFromHoldUpdate, scheduleHandoverUpdate } from '../domain/case-messages';
import { checkRequest } from '../workflows/case/rules';
import { initialState } from '../workflows/case/state';
import { actor, caseInput, startCase, testNotifications, type CaseDriver } from './helpers/case';
import { startTestWorker, uniqueTaskQueue, withSuiteWorker } from './helpers/temporal';

const { activityDeps } = testNotifications();
const suite = withSuiteWorker(activityDeps);

const schedule = (hoursAhead = 1) => ({
  agreedDate: new Date(Date.now() + hoursAhead * 3_600_000).toISOString(),
  handoverPoint: 'Friendship Bridge, Mae Sot',
  transport: 'land' as const,
  escort: 'police escort',
});

async function toApprovals(c: CaseDriver): Promise<void> {
  const { custodialCountry, receivingCountry } = c.input.registration;
  await c.act(recordScreeningUpdate, actor('officer', custodialCountry), { result: 'cleared' });
  await c.act(recordVerificationUpdate, actor('officer', receivingCountry), { result: 'confirmed' });
}

async function toScheduling(c: CaseDriver): Promise<void> {
  await toApprovals(c);
  const { custodialCountry, receivingCountry, transitCountries } = c.input.registration;
  for (const country of [custodialCountry, receivingCountry, ...transitCountries]) {
    await c.act(decideApprovalUpdate, actor('supervisor', country), { decision: 'approve' });
  }
}

describe('validators', () => {
  it('four eyes: a supervisor who prepared a step cannot approve, another one can', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));
    // Supervisors may do officer steps, which is exactly what makes four eyes reachable.
    await c.act(recordScreeningUpdate, actor('supervisor', 'KH'), { result: 'cleared' });
    await c.act(recordVerificationUpdate, actor('supervisor', 'CN'), { result: 'confirmed' });

    const message = await c.refused(decideApprovalUpdate, actor('supervisor', 'KH'), { decision: 'approve' }, 'FORBIDDEN');
    expect(message).toContain('four eyes');
    await c.refused(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'approve' }, 'FORBIDDEN');
    // Rejecting is a decision too.
    await c.refused(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'reject', reason: 'x', close: true }, 'FORBIDDEN');

    await c.act(decideApprovalUpdate, actor('supervisor', 'KH', 2), { decision: 'approve' });
    await c.act(decideApprovalUpdate, actor('supervisor', 'CN', 2), { decision: 'approve' });
    expect((await c.view()).stage).toBe('scheduling');
  });

  it('wrong country, wrong role, wrong stage and bad payloads are refused without a history event', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));
    const refusals: [Promise<string>, RegExp][] = [];
    const check = async (p: Promise<string>, re: RegExp) => refusals.push([p, re]);
    // One at a time, so each history comparison is about one action.
    await check(c.refused(recordScreeningUpdate, actor('officer', 'CN'), { result: 'cleared' }, 'FORBIDDEN'), /custodial country/);
    await check(c.refused(recordScreeningUpdate, actor('legal', 'KH'), { result: 'cleared' }, 'FORBIDDEN'), /officer or supervisor/);
    await check(c.refused(recordScreeningUpdate, actor('monitor', 'KH'), { result: 'cleared' }, 'FORBIDDEN'), /never acts/);
    await check(c.refused(recordScreeningUpdate, actor('admin', 'KH'), { result: 'cleared' }, 'FORBIDDEN'), /never acts/);
    await check(c.refused(recordVerificationUpdate, actor('officer', 'CN'), { result: 'confirmed' }, 'CONFLICT'), /stage screening/);
    await check(c.refused(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'approve' }, 'CONFLICT'), /stage screening/);
    await check(c.refused(scheduleHandoverUpdate, actor('officer', 'KH'), schedule(), 'CONFLICT'), /stage screening/);
    await check(
      c.refused(recordCustodyEventUpdate, actor('officer', 'KH'), { event: 'released-by-custodial', country: 'KH' }, 'CONFLICT'),
      /stage screening/,
    );
    await check(c.refused(recordScreeningUpdate, actor('officer', 'KH'), { result: 'maybe' as never }, 'INVALID'), /result must be/);
    await check(c.refused(recordScreeningUpdate, actor('officer', 'KH'), { result: 'cleared', requestId: '' }, 'INVALID'), /requestId/);
    for (const [p, re] of refusals) expect(await p).toMatch(re);

    // Nothing was written, and the case goes on normally.
    const r = await c.act(recordScreeningUpdate, actor('officer', 'KH'), { result: 'cleared' });
    expect(r.stage).toBe('identity-verification');
    await c.refused(recordScreeningUpdate, actor('officer', 'KH'), { result: 'cleared' }, 'CONFLICT');
    await c.refused(recordVerificationUpdate, actor('officer', 'KH'), { result: 'confirmed' }, 'FORBIDDEN');
    await c.refused(recordVerificationUpdate, actor('officer', 'CN'), { result: 'inconclusive' }, 'INVALID');
    await c.refused(recordLegalReviewUpdate, actor('legal', 'KH'), { step: 'formal-request', reference: 'R', documents: [] }, 'CONFLICT');
    expect((await c.actions()).filter((a) => a === 'screening-recorded')).toHaveLength(1);
  });

  it('a repeated request id returns the first result; reused for another action it is a conflict', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));
    const officer = actor('officer', 'KH');
    const first = await c.act(recordScreeningUpdate, officer, { result: 'cleared', requestId: 'req-screen-1' });
    expect(first).toMatchObject({ requestId: 'req-screen-1', action: 'recordScreening', accepted: true, stage: 'identity-verification' });

    // Same update id: Temporal itself answers with the stored outcome.
    const again = await c.act(recordScreeningUpdate, officer, { result: 'cleared', requestId: 'req-screen-1' });
    expect(again).toEqual(first);
    // Another update id, same request id (e.g. an API retry after a restart): the workflow's own map.
    const payload = { requestId: 'req-screen-1', actor: officer, result: 'victim' as const };
    const viaWorkflow = await c.handle.executeUpdate(recordScreeningUpdate, { args: [payload], updateId: 'another-update-id' });
    // The first result, with the case as it is now (the same stage: the repeat changed nothing).
    const { view: firstView, ...firstResult } = first;
    const { view: repeatView, ...repeatResult } = viaWorkflow;
    expect(repeatResult).toEqual(firstResult);
    expect(repeatView).toMatchObject({ stage: 'identity-verification', timelineLength: firstView?.timelineLength });
    expect(firstView).toMatchObject({ caseId: c.input.caseId, stage: 'identity-verification', screening: { result: 'cleared' } });
    expect((await c.view()).stage).toBe('identity-verification');
    expect((await c.actions()).filter((a) => a === 'screening-recorded')).toHaveLength(1);

    const otherAction = await c.refused(recordVerificationUpdate, actor('officer', 'CN'), { result: 'confirmed', requestId: 'req-screen-1' }, 'CONFLICT');
    expect(otherAction).toContain('already used for recordScreening');
    const otherActor = await c.refused(
      recordScreeningUpdate,
      actor('officer', 'KH', 2),
      { result: 'cleared', requestId: 'req-screen-1' },
      'CONFLICT',
      { updateId: 'a-third-update-id' },
    );
    expect(otherActor).toContain('another actor');
  });

  it('custody events only in order, each by its own country; reschedule only before release', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] }));
    await toScheduling(c);
    await c.refused(recordCustodyEventUpdate, actor('officer', 'MM'), { event: 'released-by-custodial', country: 'MM' }, 'CONFLICT');
    await c.refused(scheduleHandoverUpdate, actor('officer', 'CN'), schedule(), 'FORBIDDEN');
    await c.act(scheduleHandoverUpdate, actor('officer', 'MM'), schedule(1));
    const rescheduled = await c.act(scheduleHandoverUpdate, actor('supervisor', 'MM'), schedule(2));
    expect(rescheduled.stage).toBe('scheduling');
    const view = await c.view();
    expect(view.schedule?.version).toBe(2);
    expect(view.expectedCustodyEvent).toEqual({ event: 'released-by-custodial', country: 'MM' });
    expect((await c.searchAttributes()).waitingOn).toEqual(['officer:MM', 'timer:take-over']);

    await c.refused(recordCustodyEventUpdate, actor('officer', 'TH'), { event: 'entered-transit', country: 'TH' }, 'CONFLICT');
    await c.refused(recordCustodyEventUpdate, actor('officer', 'TH'), { event: 'released-by-custodial', country: 'MM' }, 'FORBIDDEN');
    await c.act(recordCustodyEventUpdate, actor('officer', 'MM'), { event: 'released-by-custodial', country: 'MM' });
    expect((await c.view()).stage).toBe('in-transfer');
    await c.refused(recordCustodyEventUpdate, actor('officer', 'MM'), { event: 'released-by-custodial', country: 'MM' }, 'CONFLICT');
    await c.refused(scheduleHandoverUpdate, actor('officer', 'MM'), schedule(3), 'CONFLICT');
    await c.refused(
      recordCustodyEventUpdate,
      actor('officer', 'CN'),
      { event: 'received-by-receiving', country: 'CN', identityRechecked: true },
      'CONFLICT',
    );
    await c.act(recordCustodyEventUpdate, actor('officer', 'TH'), { event: 'entered-transit', country: 'TH' });
    expect((await c.searchAttributes()).waitingOn).toEqual(['officer:TH', 'timer:transit-stop']);
    await c.act(recordCustodyEventUpdate, actor('officer', 'TH'), { event: 'left-transit', country: 'TH' });
    await c.refused(recordCustodyEventUpdate, actor('officer', 'CN'), { event: 'received-by-receiving', country: 'CN' }, 'INVALID');
    await c.act(recordCustodyEventUpdate, actor('officer', 'CN'), { event: 'received-by-receiving', country: 'CN', identityRechecked: true });
    expect((await c.handle.result()).outcome).toBe('handed-over');
  });

  it('legal-review steps in order; a rejection cannot return a deportation to legal review', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'extradition', custodial: 'KH', receiving: 'CN' }));
    await toApprovals(c);
    const legal = actor('legal', 'KH');
    await c.refused(recordLegalReviewUpdate, actor('officer', 'KH'), { step: 'formal-request', reference: 'R', documents: [{ name: 'w', received: true }] }, 'FORBIDDEN');
    await c.refused(recordLegalReviewUpdate, actor('legal', 'CN'), { step: 'formal-request', reference: 'R', documents: [{ name: 'w', received: true }] }, 'FORBIDDEN');
    await c.refused(recordLegalReviewUpdate, legal, { step: 'court-decision', decision: 'extraditable', reference: 'C' }, 'CONFLICT');
    await c.act(recordLegalReviewUpdate, legal, {
      step: 'formal-request',
      reference: 'R-1',
      documents: [
        { name: 'warrant', received: true },
        { name: 'evidence summary', received: false },
      ],
    });
    const missing = await c.refused(recordLegalReviewUpdate, legal, { step: 'court-decision', decision: 'extraditable', reference: 'C' }, 'CONFLICT');
    expect(missing).toContain('missing documents');
    await c.refused(recordLegalReviewUpdate, legal, { step: 'executive-decision', decision: 'granted', reference: 'E' }, 'CONFLICT');
    await c.act(recordLegalReviewUpdate, legal, {
      step: 'formal-request',
      reference: 'R-1',
      documents: [
        { name: 'warrant', received: true },
        { name: 'evidence summary', received: true },
      ],
    });
    await c.act(recordLegalReviewUpdate, legal, { step: 'court-decision', decision: 'extraditable', reference: 'C' });
    await c.act(recordLegalReviewUpdate, legal, { step: 'executive-decision', decision: 'granted', reference: 'E' });
    const actions = await c.actions();
    expect(actions).toContain('formal-request-documents-updated');

    // Back to legal review from approvals: the decisions are taken again, the formal request stays.
    await c.act(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'reject', reason: 'decision reference unclear', returnTo: 'legal-review' });
    const view = await c.view();
    expect(view.stage).toBe('legal-review');
    expect(view.legalReview?.formalRequest?.reference).toBe('R-1');
    expect(view.legalReview?.courtDecision).toBeUndefined();

    const d = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));
    await toApprovals(d);
    await d.refused(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'reject', reason: 'r', returnTo: 'legal-review' }, 'INVALID');
    await d.refused(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'reject', reason: '', close: true }, 'INVALID');
    await d.refused(decideApprovalUpdate, actor('supervisor', 'TH'), { decision: 'approve' }, 'FORBIDDEN');
    await d.act(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'approve' });
    await d.refused(decideApprovalUpdate, actor('supervisor', 'CN', 2), { decision: 'approve' }, 'CONFLICT');
  });

  it('a legal hold blocks progress until resumed; join and leave an operation', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));
    await c.refused(joinOperationUpdate, actor('officer', 'CN'), { operationId: 'op-2026-01' }, 'FORBIDDEN');
    await c.act(joinOperationUpdate, actor('officer', 'KH'), { operationId: 'op-2026-01' });
    expect((await c.searchAttributes()).operationId).toBe('op-2026-01');
    expect((await c.view()).operationId).toBe('op-2026-01');

    await c.refused(placeLegalHoldUpdate, actor('officer', 'KH'), { reason: 'appeal' }, 'FORBIDDEN');
    await c.refused(resumeFromHoldUpdate, actor('legal', 'KH'), {}, 'CONFLICT');
    await c.act(placeLegalHoldUpdate, actor('legal', 'CN'), { reason: 'appeal lodged' });
    expect((await c.searchAttributes()).waitingOn).toEqual(['legal:CN']);
    await c.refused(placeLegalHoldUpdate, actor('supervisor', 'KH'), { reason: 'again' }, 'CONFLICT');
    await c.refused(recordScreeningUpdate, actor('officer', 'KH'), { result: 'cleared' }, 'CONFLICT');
    await c.act(resumeFromHoldUpdate, actor('supervisor', 'KH'), {});
    await c.act(recordScreeningUpdate, actor('officer', 'KH'), { result: 'cleared' });
    expect((await c.searchAttributes()).waitingOn).toEqual(['officer:CN']);

    await c.act(joinOperationUpdate, actor('supervisor', 'KH'), { operationId: null });
    expect((await c.searchAttributes()).operationId).toBeUndefined();
    expect((await c.actions()).filter((a) => a.startsWith('operation-') || a.startsWith('legal-hold'))).toEqual([
      'operation-joined',
      'legal-hold-placed',
      'legal-hold-lifted',
      'operation-left',
    ]);
  });

  it('a closed case refuses every action (validator, before the workflow completes)', () => {
    const input: CaseInput = caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' });
    const state = initialState(input);
    state.stage = 'closed';
    state.outcome = 'withdrawn';
    expect(() => checkRequest(state, 'recordScreening', { requestId: 'r1', actor: actor('officer', 'KH') })).toThrow(/^CONFLICT: the case is closed/);
  });
});

describe('worker replaced mid-case', () => {
  it('a new worker picks the case up where the stopped one left it', async () => {
    const taskQueue = uniqueTaskQueue('restart');
    const notifications = testNotifications();
    const first = await startTestWorker(suite.env, { activityDeps: notifications.activityDeps, taskQueue });
    const c = await startCase(suite.env, taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));
    await toApprovals(c);
    await first.stop();

    const second = await startTestWorker(suite.env, { activityDeps: notifications.activityDeps, taskQueue });
    try {
      // The new worker has no cached state: it rebuilds the case from history and carries on.
      expect((await c.view()).stage).toBe('approvals');
      await c.act(decideApprovalUpdate, actor('supervisor', 'KH'), { decision: 'approve' });
      await c.act(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'approve' });
      await c.act(scheduleHandoverUpdate, actor('officer', 'KH'), schedule());
      await c.act(recordCustodyEventUpdate, actor('officer', 'KH'), { event: 'released-by-custodial', country: 'KH' });
      await c.act(recordCustodyEventUpdate, actor('officer', 'CN'), { event: 'received-by-receiving', country: 'CN', identityRechecked: true });
      const final = await c.handle.result();
      expect(final.outcome).toBe('handed-over');
      expect((await c.actions()).filter((a) => a === 'screening-recorded')).toHaveLength(1);
      // Notifications are not repeated by the replay on the new worker.
      const kinds = notifications.outbox.forCase(c.caseId).map((n) => n.kind);
      expect(kinds.sort()).toEqual(['approval-requested', 'approval-requested', 'outcome']);
      await c.saveHistory('worker-restart');
    } finally {
      await second.stop();
    }
  });
});
