/**
 * Assignment in the case workflow itself (real dev server and worker): HandoverAssignee is published
 * only once a case is assigned, follows claims and releases, and is cleared when the step it was for is
 * done; a hold does not end a claim. Saves the `assignment` replay fixture with HANDOVER_SAVE_HISTORIES=1.
 */
import {
  assignCaseUpdate,
  decideApprovalUpdate,
  placeLegalHoldUpdate,
  recordCustodyEventUpdate,
  recordScreeningUpdate,
  recordVerificationUpdate,
  resumeFromHoldUpdate,
  scheduleHandoverUpdate,
} from '../domain/case-messages';
import { actor, caseInput, startCase, testNotifications } from './helpers/case';
import { withSuiteWorker } from './helpers/temporal';

const suite = withSuiteWorker(testNotifications().activityDeps);

describe('assignment in the case workflow', () => {
  it('publishes, moves and clears HandoverAssignee with the waiting step, through a whole transfer', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] }));
    expect((await c.searchAttributes()).assignee).toBeUndefined();

    const mm = actor('officer', 'MM');
    const claimed = await c.act(assignCaseUpdate, mm, { assignee: mm.id });
    expect(claimed.view?.assignment).toMatchObject({ assignee: mm.id, by: mm.id });
    expect((await c.searchAttributes()).assignee).toBe(mm.id);

    await c.act(placeLegalHoldUpdate, actor('supervisor', 'MM'), { reason: 'court petition' });
    await c.act(resumeFromHoldUpdate, actor('supervisor', 'MM'), {});
    expect((await c.view()).assignment?.assignee).toBe(mm.id);

    await c.act(recordScreeningUpdate, mm, { result: 'cleared' });
    expect((await c.view()).assignment).toBeUndefined();
    expect((await c.searchAttributes()).assignee).toBeUndefined();

    const cn = actor('officer', 'CN');
    await c.act(assignCaseUpdate, actor('supervisor', 'CN'), { assignee: cn.id });
    expect((await c.searchAttributes()).assignee).toBe(cn.id);
    await c.act(assignCaseUpdate, cn, { assignee: null });
    expect((await c.searchAttributes()).assignee).toBeUndefined();
    await c.refused(assignCaseUpdate, cn, { assignee: null }, 'CONFLICT');
    await c.refused(assignCaseUpdate, actor('officer', 'MM'), { assignee: 'u-officer-MM-1' }, 'FORBIDDEN');
    await c.act(assignCaseUpdate, cn, { assignee: cn.id });
    await c.act(recordVerificationUpdate, cn, { result: 'confirmed', reference: 'CONSULAR-1' });
    expect((await c.searchAttributes()).assignee).toBeUndefined();

    for (const country of ['MM', 'CN', 'TH'] as const) await c.act(decideApprovalUpdate, actor('supervisor', country, 2), { decision: 'approve' });
    await c.act(scheduleHandoverUpdate, mm, { agreedDate: new Date(Date.now() + 3_600_000).toISOString(), handoverPoint: 'Mae Sot', transport: 'land', escort: 'police' });
    await c.act(recordCustodyEventUpdate, mm, { event: 'released-by-custodial', country: 'MM' });
    // In transfer the step is each country's custody: Thailand's claim covers entering and leaving it, and
    // ends when the case waits on China's arrival.
    const th = actor('officer', 'TH');
    await c.act(assignCaseUpdate, th, { assignee: th.id });
    await c.act(recordCustodyEventUpdate, th, { event: 'entered-transit', country: 'TH' });
    expect((await c.view()).assignment?.assignee).toBe(th.id);
    await c.act(recordCustodyEventUpdate, th, { event: 'left-transit', country: 'TH' });
    expect((await c.view()).assignment).toBeUndefined();
    await c.act(assignCaseUpdate, cn, { assignee: cn.id });
    await c.act(recordCustodyEventUpdate, cn, { event: 'received-by-receiving', country: 'CN', identityRechecked: true });
    const closed = await c.view();
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'handed-over', allowedActions: [] });
    expect(closed.assignment).toBeUndefined();
    expect((await c.searchAttributes()).assignee).toBeUndefined();

    const actions = await c.actions();
    expect(actions.filter((a) => a.startsWith('assignment-'))).toEqual([
      'assignment-claimed',
      'assignment-ended',
      'assignment-handed-over',
      'assignment-released',
      'assignment-claimed',
      'assignment-ended',
      'assignment-claimed',
      'assignment-ended',
      'assignment-claimed',
      'assignment-ended',
    ]);
    await c.saveHistory('assignment');
  });
});
