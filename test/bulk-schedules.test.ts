/**
 * POST /schedules/bulk against the dev server and a real worker: one schedule for many cases, each
 * through its own scheduleHandover (the single action's validation and authorization), answered case by
 * case; bad bodies are 400 naming the field; a repeated request id answers the same results; a case
 * that cannot be reached is `failed`.
 */
import type { HandoverApp } from '../api/app';
import { call, registrationBody, startApiEnv, startAppWithoutTemporal, tokenFor, type ApiEnv } from './helpers/api';

let api: ApiEnv;
let app: HandoverApp;
const token: Record<string, string> = {};
const RUN = Date.now().toString(36);
const MISSING = 'case-KH-2025-NOSUCHCASE';

beforeAll(async () => {
  api = await startApiEnv({ configEnv: { HANDOVER_RATE_LIMIT: '100000' } });
  app = api.app;
  for (const [role, country] of [
    ['officer', 'KH'],
    ['supervisor', 'KH'],
    ['legal', 'KH'],
    ['monitor', 'KH'],
    ['officer', 'CN'],
    ['supervisor', 'CN'],
    ['officer', 'VN'],
  ] as const) {
    token[`${role}${country}`] = await tokenFor(role, country);
  }
});

afterAll(async () => {
  await api?.stop();
});

async function send(path: string, who: string, body: unknown) {
  for (let attempt = 1; ; attempt++) {
    const res = await call(app, 'POST', path, { token: token[who], body });
    if (res.statusCode === 503 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    return res;
  }
}

function ok(res: { statusCode: number; body: string }) {
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`expected 200, got ${res.statusCode}: ${res.body}`);
  return JSON.parse(res.body);
}

function problem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return JSON.parse(res.body);
}

const schedule = (requestId: string, over: Record<string, unknown> = {}) => ({
  requestId,
  agreedDate: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  handoverPoint: 'Phnom Penh airport',
  transport: 'air',
  escort: 'KH police escort',
  flight: 'CZ 6060',
  ...over,
});

/** KH → CN cases: `ready` approved by both countries (stage scheduling), `early` only registered. */
async function cases(ready: number, early: number): Promise<{ ready: string[]; early: string[] }> {
  const rows = Array.from({ length: ready + early }, (_, i) => registrationBody({ custodial: 'KH', receiving: 'CN', externalReference: `BS-${RUN}-${ready}-${early}-${i}` }));
  const intake = ok(await send('/api/v1/cases/bulk', 'officerKH', rows));
  const ids = intake.results.map((r: { caseId: string }) => r.caseId) as string[];
  const readyIds = ids.slice(0, ready);
  for (const id of readyIds) {
    ok(await send(`/api/v1/cases/${id}/screening`, 'officerKH', { requestId: `s-${id}`, result: 'cleared' }));
    ok(await send(`/api/v1/cases/${id}/verification`, 'officerCN', { requestId: `v-${id}`, result: 'confirmed' }));
  }
  for (const who of ['supervisorKH', 'supervisorCN']) {
    const approved = ok(await send('/api/v1/approvals/bulk', who, { caseIds: readyIds, approval: { requestId: `a-${who}-${RUN}-${ready}`, decision: 'approve' } }));
    expect(approved.approved).toBe(ready);
  }
  return { ready: readyIds, early: ids.slice(ready) };
}

describe('POST /schedules/bulk', () => {
  it('schedules, reschedules, refuses and does not find, case by case, and answers a repeat with the same results', async () => {
    const { ready, early } = await cases(3, 1);
    const [first, second, again] = ready as [string, string, string];
    // One of them was scheduled on its own before: the bulk schedule is its second version.
    ok(await send(`/api/v1/cases/${again}/schedule`, 'officerKH', schedule(`single-${RUN}`, { transport: 'land', handoverPoint: 'Bavet checkpoint' })));

    const body = { caseIds: [first, second, again, early[0], MISSING], schedule: schedule(`bulk-${RUN}`) };
    const answer = ok(await send('/api/v1/schedules/bulk', 'officerKH', body));
    expect(answer).toMatchObject({ requested: 5, scheduled: 2, rescheduled: 1, refused: 1, notFound: 1, failed: 0 });
    expect(answer.results).toEqual([
      { caseId: first, status: 'scheduled', version: 1, stage: 'scheduling' },
      { caseId: second, status: 'scheduled', version: 1, stage: 'scheduling' },
      { caseId: again, status: 'rescheduled', version: 2, stage: 'scheduling' },
      { caseId: early[0], status: 'refused', problem: expect.objectContaining({ status: 409, detail: expect.any(String) }) },
      { caseId: MISSING, status: 'not-found' },
    ]);

    // Each case holds the schedule and its audit event, exactly as the single action records it.
    const view = ok(await call(app, 'GET', `/api/v1/cases/${again}`, { token: token.officerKH }));
    expect(view.schedule).toMatchObject({ handoverPoint: 'Phnom Penh airport', transport: 'air', flight: 'CZ 6060', version: 2 });
    const timeline = ok(await call(app, 'GET', `/api/v1/cases/${again}/timeline`, { token: token.officerKH }));
    expect(timeline.events.filter((e: { action: string }) => e.action === 'handover-rescheduled')).toHaveLength(1);

    // The same request id again: nothing is scheduled twice, the answer is the same.
    const repeat = ok(await send('/api/v1/schedules/bulk', 'officerKH', body));
    expect(repeat).toEqual(answer);
    const after = ok(await call(app, 'GET', `/api/v1/cases/${first}`, { token: token.officerKH }));
    expect(after.schedule.version).toBe(1);
  });

  it('has the single action\'s authorization: officer or supervisor of the custodial country', async () => {
    const { ready } = await cases(1, 0);
    const body = (who: string) => ({ caseIds: ready, schedule: schedule(`auth-${who}-${RUN}`) });
    for (const who of ['monitorKH', 'legalKH']) {
      const p = problem(await send('/api/v1/schedules/bulk', who, body(who)), 403);
      expect(p.detail).toMatch(/officer or supervisor/);
    }
    // The receiving country sees the case but may not schedule it; a country not involved does not see it.
    const receiving = ok(await send('/api/v1/schedules/bulk', 'officerCN', body('officerCN')));
    expect(receiving).toMatchObject({ scheduled: 0, refused: 1, results: [{ caseId: ready[0], status: 'refused', problem: expect.objectContaining({ status: 403 }) }] });
    const foreign = ok(await send('/api/v1/schedules/bulk', 'officerVN', body('officerVN')));
    expect(foreign).toMatchObject({ notFound: 1, results: [{ caseId: ready[0], status: 'not-found' }] });
    const unauthenticated = await call(app, 'POST', '/api/v1/schedules/bulk', { body: body('nobody') });
    expect(unauthenticated.statusCode).toBe(401);
    // A supervisor of the custodial country does an officer's step.
    const supervisor = ok(await send('/api/v1/schedules/bulk', 'supervisorKH', body('supervisorKH')));
    expect(supervisor).toMatchObject({ scheduled: 1, results: [{ caseId: ready[0], status: 'scheduled' }] });
  });

  it('answers a bad body with 400 naming the field', async () => {
    const bad = async (body: unknown) => (problem(await send('/api/v1/schedules/bulk', 'officerKH', body), 400).errors as { field: string }[]).map((e) => e.field);
    expect(await bad({ caseIds: [MISSING], schedule: schedule('x', { handoverPoint: undefined }) })).toContain('schedule.handoverPoint');
    expect(await bad({ caseIds: [MISSING], schedule: schedule('x', { transport: 'boat' }) })).toContain('schedule.transport');
    expect(await bad({ caseIds: [MISSING], schedule: schedule('x', { agreedDate: 'next tuesday' }) })).toContain('schedule.agreedDate');
    expect(await bad({ caseIds: [], schedule: schedule('x') })).toContain('caseIds');
    expect(await bad({ caseIds: ['not a case'], schedule: schedule('x') })).toContain('caseIds.0');
    expect(await bad({ caseIds: [MISSING], schedule: { ...schedule('x'), actor: 'me' } })).toEqual(expect.arrayContaining([expect.stringMatching(/^schedule/)]));
    expect(await bad({ caseIds: [MISSING] })).toContain('schedule');
  });

  it('answers failed for each case when Temporal cannot be reached', async () => {
    const offline = await startAppWithoutTemporal();
    try {
      const res = await call(offline.app, 'POST', '/api/v1/schedules/bulk', {
        token: token.officerKH,
        body: { caseIds: [MISSING], schedule: schedule(`offline-${RUN}`) },
      });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ failed: 1, results: [{ caseId: MISSING, status: 'failed', problem: { status: 503 } }] });
    } finally {
      await offline.stop();
    }
  });
});
