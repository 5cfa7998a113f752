/**
 * Clocks in milliseconds through the same code that runs days in production: working SLAs remind and
 * escalate but never close a case; legal clocks reach their outcome by themselves; a legal hold pauses
 * the first kind and never the second.
 */
import {
  type CaseView,
} from '../domain/case';
import { decideApprovalUpdate, extendLegalClockUpdate, placeLegalHoldUpdate, recordCustodyEventUpdate, recordScreeningUpdate, recordVerificationUpdate, resumeFromHoldUpdate, scheduleHandoverUpdate } from '../domain/case-messages';
import type { SlaStage } from '../domain/clocks';
import { applyClockChange, firstDue, nextDeadline, nextDueAt, startStageSla } from '../workflows/case/clocks';
import { initialState } from '../workflows/case/state';
import { actor, caseInput, startCase, testClocks, testNotifications, waitForNotification, type CaseDriver } from './helpers/case';
import { withSuiteWorker } from './helpers/temporal';

const { outbox, activityDeps } = testNotifications();
const suite = withSuiteWorker(activityDeps);

const HOUR = 3_600_000;
/** Working SLAs that cannot fire during a test, for tests about legal clocks. */
const QUIET_SLAS: Record<SlaStage, number> = {
  screening: HOUR,
  'identity-verification': HOUR,
  'legal-review': HOUR,
  approvals: HOUR,
  scheduling: HOUR,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sent(caseId: string, kind: string) {
  return outbox.forCase(caseId).filter((n) => n.kind === kind);
}

function slaClock(view: CaseView, stage: SlaStage) {
  return view.clocks.find((k) => k.name === `sla:${stage}`);
}

async function toScheduling(c: CaseDriver): Promise<void> {
  const { custodialCountry, receivingCountry, transitCountries } = c.input.registration;
  await c.act(recordScreeningUpdate, actor('officer', custodialCountry), { result: 'cleared' });
  await c.act(recordVerificationUpdate, actor('officer', receivingCountry), { result: 'confirmed' });
  for (const country of [custodialCountry, receivingCountry, ...transitCountries]) {
    await c.act(decideApprovalUpdate, actor('supervisor', country), { decision: 'approve' });
  }
}

describe('working SLAs', () => {
  it('remind at 50% and 80%, then flag overdue and escalate once; the case stays open', async () => {
    const clocks = testClocks('deportation', 'KH', 'CN', { slaMs: { screening: 2_000 } });
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN', clocks }));

    const view = await c.waitForView((v) => v.overdue);
    expect(view.stage).toBe('screening');
    expect(view.outcome).toBeUndefined();
    expect(slaClock(view, 'screening')).toMatchObject({ kind: 'working', status: 'overdue', remindersSent: 2 });
    expect((await c.searchAttributes()).overdue).toBe(true);

    const overdue = await waitForNotification(outbox, c.caseId, (n) => n.kind === 'overdue');
    expect(overdue).toMatchObject({ audience: ['supervisor:KH'], clock: 'sla:screening', stage: 'screening' });
    expect(Date.parse(overdue.createdAt) - Date.parse(c.input.registeredAt)).toBeGreaterThanOrEqual(2_000);
    // Under load both reminders and the overdue can fall into one workflow task; their activities then
    // finish in any order.
    await waitForNotification(outbox, c.caseId, (n) => n.kind === 'reminder' && n.fraction === 0.8);
    const reminders = sent(c.caseId, 'reminder').sort((a, b) => (a.fraction ?? 0) - (b.fraction ?? 0));
    expect(reminders.map((n) => [n.fraction, n.audience])).toEqual([
      [0.5, ['officer:KH']],
      [0.8, ['officer:KH']],
    ]);
    const timeline = await c.timeline();
    expect(timeline.filter((e) => e.action.startsWith('sla-')).map((e) => e.action)).toEqual(['sla-reminder', 'sla-reminder', 'sla-overdue']);

    // Overdue is a state, not a repeating alarm.
    await sleep(700);
    expect(sent(c.caseId, 'overdue')).toHaveLength(1);

    // Doing the work moves the case on; the next stage has its own SLA and is not overdue.
    await c.act(recordScreeningUpdate, actor('officer', 'KH'), { result: 'cleared' });
    const next = await c.view();
    expect(next.overdue).toBe(false);
    expect(slaClock(next, 'identity-verification')).toMatchObject({ status: 'running', remindersSent: 0 });
    expect((await c.searchAttributes()).overdue).toBe(false);
    await c.saveHistory('sla-overdue');
  });

  it('a legal hold shifts the SLA by the time it was paused', async () => {
    const clocks = testClocks('deportation', 'KH', 'CN', { slaMs: { screening: 2_000 } });
    clocks.clocks.reminderFractions = [];
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN', clocks }));
    const before = slaClock(await c.view(), 'screening');
    await c.act(placeLegalHoldUpdate, actor('supervisor', 'KH'), { reason: 'interim measure requested' });
    expect(slaClock(await c.view(), 'screening')?.status).toBe('paused');
    await sleep(1_000);
    await c.act(resumeFromHoldUpdate, actor('legal', 'CN'), {});
    const after = slaClock(await c.view(), 'screening');
    expect(after?.status).toBe('running');
    expect(Date.parse(after!.deadline!) - Date.parse(before!.deadline!)).toBeGreaterThanOrEqual(900);

    const overdue = await waitForNotification(outbox, c.caseId, (n) => n.kind === 'overdue');
    expect(Date.parse(overdue.createdAt) - Date.parse(c.input.registeredAt)).toBeGreaterThanOrEqual(2_900);
    expect(overdue.deadline).toBe(after?.deadline);
  });
});

describe('legal clocks', () => {
  it('provisional detention runs out (after an extension within the maximum): released-custody-expired', async () => {
    // Every refusal below is checked against a history that must not grow, so the clock may run out only
    // after the last one: 1.5 days of 4 s leave that room on the PostgreSQL cluster under load, where
    // these checks have been seen to take 1.5 s, against well under 1 s on the dev server.
    const day = 4_000;
    const clocks = testClocks('extradition', 'KH', 'CN', {
      dayMs: day,
      legalMs: { 'provisional-detention': 1.5 * day },
      maxExtensionMs: { 'provisional-detention': 2 * day },
      slaMs: QUIET_SLAS,
    });
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'extradition', custodial: 'KH', receiving: 'CN', clocks }));
    const legal = actor('legal', 'KH');
    const initial = (await c.view()).clocks.find((k) => k.name === 'provisional-detention')!;

    await c.refused(extendLegalClockUpdate, actor('supervisor', 'KH'), { clock: 'provisional-detention', days: 1, decisionReference: 'D' }, 'FORBIDDEN');
    await c.refused(extendLegalClockUpdate, legal, { clock: 'provisional-detention', days: 1, decisionReference: '' }, 'INVALID');
    await c.refused(extendLegalClockUpdate, legal, { clock: 'take-over', days: 1, decisionReference: 'D' }, 'CONFLICT');
    await c.act(extendLegalClockUpdate, legal, { clock: 'provisional-detention', days: 1, decisionReference: 'Court order 12/2026' });
    const beyond = await c.refused(extendLegalClockUpdate, legal, { clock: 'provisional-detention', days: 2, decisionReference: 'D' }, 'CONFLICT');
    expect(beyond).toContain('at most 1 more day');
    const extended = (await c.view()).clocks.find((k) => k.name === 'provisional-detention')!;
    expect(Date.parse(extended.deadline!) - Date.parse(initial.deadline!)).toBe(day);
    expect(extended.extendedByDays).toBe(1);
    expect((await c.searchAttributes()).nextLegalDeadline).toEqual(new Date(extended.deadline!));

    const final = await c.handle.result();
    expect(final.outcome).toBe('released-custody-expired');
    expect(Date.parse(final.closedAt!) - Date.parse(c.input.registeredAt)).toBeGreaterThanOrEqual(2.5 * day);
    const timeline = await c.timeline();
    expect(timeline.find((e) => e.action === 'legal-clock-extended')).toMatchObject({ legalBasis: 'Court order 12/2026', actorRole: 'legal' });
    expect(timeline.find((e) => e.action === 'legal-clock-expired')).toMatchObject({
      actor: 'system',
      legalBasis: 'China–Cambodia Extradition Treaty; PRC Extradition Law art. 31',
    });
    expect(await c.searchAttributes()).toMatchObject({ stage: 'closed', outcome: 'released-custody-expired' });
    expect(sent(c.caseId, 'legal-clock-expired')).toHaveLength(1);
    expect(sent(c.caseId, 'outcome')).toHaveLength(1);
    await c.saveHistory('provisional-detention-expired');
  });

  it('take-over not done after the agreed date: deemed-abandoned; a reschedule moves the deadline', async () => {
    const clocks = testClocks('deportation', 'KH', 'CN', { legalMs: { 'take-over': 1_500 }, slaMs: QUIET_SLAS });
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN', clocks }));
    await toScheduling(c);
    const body = (agreed: number) => ({ agreedDate: new Date(agreed).toISOString(), handoverPoint: 'Phnom Penh airport', transport: 'air' as const, escort: 'police' });
    const now = Date.now();
    await c.act(scheduleHandoverUpdate, actor('officer', 'KH'), body(now));
    const first = (await c.view()).clocks.find((k) => k.name === 'take-over')!;
    expect(first).toMatchObject({ status: 'running', deadline: new Date(now + 1_500).toISOString() });
    await c.act(scheduleHandoverUpdate, actor('officer', 'KH'), body(now + 700));
    const moved = (await c.view()).clocks.find((k) => k.name === 'take-over')!;
    expect(moved.deadline).toBe(new Date(now + 2_200).toISOString());
    expect((await c.searchAttributes()).nextLegalDeadline).toEqual(new Date(now + 2_200));

    const final = await c.handle.result();
    expect(final.outcome).toBe('deemed-abandoned');
    expect(Date.parse(final.closedAt!)).toBeGreaterThanOrEqual(now + 2_200);
    const expired = (await c.timeline()).find((e) => e.action === 'legal-clock-expired');
    expect(expired).toMatchObject({ detail: 'take-over ran out', legalBasis: 'PRC Extradition Law art. 40' });
    expect(await c.searchAttributes()).toMatchObject({ stage: 'closed', outcome: 'deemed-abandoned' });
    await c.saveHistory('take-over-abandoned');
  });

  it('a legal hold pauses the working SLA but never the legal clock', async () => {
    const clocks = testClocks('deportation', 'KH', 'CN', {
      legalMs: { 'immigration-detention': 3_000 },
      slaMs: { ...QUIET_SLAS, screening: 1_500 },
    });
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN', clocks }));
    await c.act(placeLegalHoldUpdate, actor('legal', 'KH'), { reason: 'appeal against removal' });
    const held = await c.view();
    expect(held.hold).toMatchObject({ reason: 'appeal against removal', by: 'u-legal-KH-1' });
    expect((await c.searchAttributes()).waitingOn).toEqual(['legal:KH']);

    // Past the SLA's 100%: paused, so not overdue.
    await sleep(Math.max(0, Date.parse(c.input.registeredAt) + 2_000 - Date.now()));
    const later = await c.view();
    expect(slaClock(later, 'screening')?.status).toBe('paused');
    expect(later.overdue).toBe(false);
    expect(later.stage).toBe('screening');

    // The legal clock kept running through the hold.
    const final = await c.handle.result();
    expect(final.outcome).toBe('released-custody-expired');
    expect(final.hold).toBeDefined();
    const actions = (await c.timeline()).map((e) => e.action);
    expect(actions).not.toContain('sla-overdue');
    expect(actions.indexOf('legal-hold-placed')).toBeLessThan(actions.indexOf('legal-clock-expired'));
    expect(sent(c.caseId, 'overdue')).toHaveLength(0);
    await c.saveHistory('legal-hold');
  });

  it('an unscheduled transit stop past its limit escalates and flags overdue, without closing', async () => {
    const clocks = testClocks('deportation', 'MM', 'CN', { legalMs: { 'transit-stop': 1_000 }, slaMs: QUIET_SLAS });
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'], clocks }));
    await toScheduling(c);
    await c.act(scheduleHandoverUpdate, actor('officer', 'MM'), {
      agreedDate: new Date().toISOString(),
      handoverPoint: 'Friendship Bridge, Mae Sot',
      transport: 'land',
      escort: 'police',
    });
    await c.act(recordCustodyEventUpdate, actor('officer', 'MM'), { event: 'released-by-custodial', country: 'MM' });
    await c.act(recordCustodyEventUpdate, actor('officer', 'TH'), { event: 'entered-transit', country: 'TH' });

    const view = await c.waitForView((v) => v.overdue);
    expect(view.stage).toBe('in-transfer');
    expect(view.outcome).toBeUndefined();
    expect(view.clocks.find((k) => k.name === 'transit-stop:TH')?.status).toBe('expired');
    expect((await c.searchAttributes()).overdue).toBe(true);
    const escalation = await waitForNotification(outbox, c.caseId, (n) => n.kind === 'escalation');
    expect(escalation).toMatchObject({ audience: ['supervisor:TH', 'supervisor:CN'], clock: 'transit-stop' });

    await c.act(recordCustodyEventUpdate, actor('officer', 'TH'), { event: 'left-transit', country: 'TH' });
    expect((await c.view()).overdue).toBe(false);
    expect((await c.searchAttributes()).overdue).toBe(false);
    await c.act(recordCustodyEventUpdate, actor('officer', 'CN'), { event: 'received-by-receiving', country: 'CN', identityRechecked: true });
    expect((await c.handle.result()).outcome).toBe('handed-over');
    await c.saveHistory('transit-stop-escalation');
  });
});

describe('clock arithmetic (no server)', () => {
  const T0 = Date.parse('2026-03-01T00:00:00.000Z');

  function stateWith(slaMs: number) {
    const clocks = testClocks('deportation', 'KH', 'CN', { slaMs: { ...QUIET_SLAS, screening: slaMs }, legalMs: { 'immigration-detention': 10_000 } });
    const state = initialState(caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN', clocks }));
    state.stage = 'screening';
    startStageSla(state, T0);
    applyClockChange(state, { op: 'start-legal', clock: 'immigration-detention', from: T0 }, T0);
    return state;
  }

  it('orders reminders, overdue and legal expiry by instant', () => {
    const state = stateWith(1_000);
    expect(nextDueAt(state)).toBe(T0 + 500);
    expect(firstDue(state, T0 + 499)).toBeUndefined();
    expect(firstDue(state, T0 + 500)).toMatchObject({ kind: 'sla-reminder', fraction: 0.5 });
    applyClockChange(state, { op: 'sla-reminder' }, T0 + 500);
    expect(nextDueAt(state)).toBe(T0 + 800);
    applyClockChange(state, { op: 'sla-reminder' }, T0 + 800);
    expect(firstDue(state, T0 + 1_000)).toMatchObject({ kind: 'sla-overdue' });
    applyClockChange(state, { op: 'sla-overdue' }, T0 + 1_000);
    // Overdue once; after that only the legal clock is due.
    expect(nextDueAt(state)).toBe(T0 + 10_000);
    expect(firstDue(state, T0 + 10_000)).toMatchObject({ kind: 'legal-expired', clock: 'immigration-detention' });
  });

  it('a pause removes the SLA from what is due and shifts it by the paused time', () => {
    const state = stateWith(1_000);
    applyClockChange(state, { op: 'pause-sla' }, T0 + 200);
    expect(nextDueAt(state)).toBe(T0 + 10_000);
    expect(nextDeadline(state)).toBe(T0 + 10_000);
    applyClockChange(state, { op: 'resume-sla' }, T0 + 5_200);
    expect(nextDueAt(state)).toBe(T0 + 5_500);
    expect(nextDeadline(state)).toBe(T0 + 6_000);
  });

  it('a legal clock expires first on a tie with a reminder', () => {
    const state = stateWith(20_000);
    expect(firstDue(state, T0 + 10_000)).toMatchObject({ kind: 'legal-expired' });
  });

  it('an extension pushes a legal deadline; a restart for a reschedule keeps it', () => {
    const state = stateWith(1_000);
    applyClockChange(state, { op: 'start-legal', clock: 'take-over', from: T0 + 60_000 }, T0);
    const base = state.legalClocks['take-over']!.deadline!;
    applyClockChange(state, { op: 'extend-legal', clock: 'take-over', ms: 5_000 }, T0);
    applyClockChange(state, { op: 'start-legal', clock: 'take-over', from: T0 + 70_000 }, T0);
    expect(state.legalClocks['take-over']!.deadline).toBe(base + 10_000 + 5_000);
  });
});
