/**
 * A notification sink that is down: the case's first tries of a notification fail, the case says so in
 * its search attributes (HandoverWaitingOn holds `activity:notify`), so its view and the overdue list show
 * the retrying notification without describing every listed case; when the sink is back the retry goes
 * through, once, and the flag clears.
 */
import type { CaseNotification } from '../activities/notifications';
import type { HandoverApp } from '../api/app';
import { call, json, registrationBody, requestId, tokenFor } from './helpers/api';
import { eventually, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

let iso: IsolatedApi;
let app: HandoverApp;
let sinkDown = true;
const refused: string[] = [];
const delivered: CaseNotification[] = [];

beforeAll(async () => {
  iso = await startIsolatedApi({
    prefix: 'handover-retrying',
    activityDeps: {
      notifier: {
        send: async (n) => {
          if (sinkDown) {
            refused.push(n.eventId);
            throw new Error('notification sink unavailable');
          }
          delivered.push(n);
        },
      },
    },
  });
  app = await iso.app({ HANDOVER_DAY_SECONDS: '600' });
});

afterAll(async () => {
  await iso?.stop();
});

const hasRetryFlag = (waitingOn: { kind: string }[]) => waitingOn.some((w) => w.kind === 'activity');

it('shows a notification being retried in the case, its list row and the overdue list, and clears it once delivered', async () => {
  const officerKH = await tokenFor('officer', 'KH');
  const officerCN = await tokenFor('officer', 'CN');
  const monitorKH = await tokenFor('monitor', 'KH');
  const registered = await call(app, 'POST', '/api/v1/cases', { token: officerKH, body: registrationBody({ custodial: 'KH', receiving: 'CN' }) });
  expect(registered.statusCode).toBe(201);
  const { caseId } = json(registered);
  for (const [segment, token, body] of [
    ['screening', officerKH, { result: 'cleared' }],
    ['verification', officerCN, { result: 'confirmed', reference: 'CONSULAR-7' }],
  ] as const) {
    const res = await call(app, 'POST', `/api/v1/cases/${caseId}/${segment}`, { token, body: { requestId: requestId(), ...body } });
    expect(res.statusCode).toBe(200);
  }
  // In approvals: two approval requests (KH, CN) go to a sink that refuses them.

  const flagged = await eventually(async () => {
    const view = json(await call(app, 'GET', `/api/v1/cases/${caseId}`, { token: monitorKH }));
    return hasRetryFlag(view.waitingOn) ? view : undefined;
  }, 'the case to show a retrying notification', 30_000);
  expect(flagged.stage).toBe('approvals');
  expect(flagged.waitingOn).toEqual(expect.arrayContaining([{ kind: 'person', role: 'supervisor', country: 'KH', action: 'decideApproval' }, { kind: 'activity', activity: 'notify' }]));
  // Each of the two was refused on all three first tries before the flag went up.
  expect(refused.filter((id) => id.startsWith(`${caseId}:`)).length).toBeGreaterThanOrEqual(6);

  const row = await eventually(async () => {
    const list = json(await call(app, 'GET', '/api/v1/cases?pageSize=10', { token: monitorKH }));
    const found = list.cases.find((c: { caseId: string }) => c.caseId === caseId);
    return found?.waitingOn.includes('activity:notify') ? found : undefined;
  }, 'the list row to carry activity:notify');
  expect(row.waitingOn).toEqual(expect.arrayContaining(['supervisor:KH', 'supervisor:CN', 'activity:notify']));

  // Immigration detention (60 days of 10 minutes) is inside a 61-day horizon: the case is listed.
  const overdue = json(await call(app, 'GET', '/api/v1/monitor/overdue?horizonDays=61', { token: monitorKH }));
  const listed = overdue.cases.find((c: { caseId: string }) => c.caseId === caseId);
  expect(listed.retryingActivities.length).toBeGreaterThanOrEqual(1);
  expect(listed.retryingActivities.every((a: { activity: string }) => a.activity === 'notify')).toBe(true);

  sinkDown = false;
  await eventually(async () => {
    const view = json(await call(app, 'GET', `/api/v1/cases/${caseId}`, { token: monitorKH }));
    return !hasRetryFlag(view.waitingOn) ? view : undefined;
  }, 'the flag to clear after delivery', 60_000);
  const mine = delivered.filter((n) => n.caseId === caseId);
  expect(mine.map((n) => n.kind).sort()).toEqual(['approval-requested', 'approval-requested']);
  expect(new Set(mine.map((n) => n.eventId)).size).toBe(2);
  // Visibility follows the workflow's upsert a moment later.
  await eventually(async () => {
    const after = json(await call(app, 'GET', '/api/v1/monitor/overdue?horizonDays=61', { token: monitorKH }));
    return after.cases.find((c: { caseId: string }) => c.caseId === caseId)?.retryingActivities.length === 0;
  }, 'the overdue list to show no retrying notification');
  process.stdout.write(`[retrying] ${refused.length} refused attempts, ${mine.length} delivered once each after the sink came back\n`);
});
