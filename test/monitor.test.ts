/**
 * Monitoring answers on a set of cases in known states, on a namespace of their own (so the counts are
 * exact while other suites run): the inbox, the overdue list, the summary and /metrics, and that every
 * one of them is limited to the caller's country.
 *
 * Cases (KH→CN unless said otherwise), registered through the API by officers and walked by people:
 *   khScreening   screening, clocks of a ten-minute day: nothing due while the suite runs
 *   khApprovals   approvals, waits on supervisors of KH and CN
 *   mmApprovals   MM→TH→CN approvals, MM and CN approved: waits only on Thailand's transit consent
 *   khVictim      closed: referred-as-victim
 *   khOverdue     screening with 5-second days: its 3-day screening SLA is overdue after 15 s, its legal
 *                 clock (60 days) runs out only after 5 minutes
 *   khReleased    screening with 50 ms days: immigration detention (60 days) runs out after 3 s
 */
import type { HandoverApp } from '../api/app';
import { CaseWalker } from '../scripts/demo-seed';
import { tokenFor } from './helpers/api';
import { eventually, injectApi, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

let iso: IsolatedApi;
let app: HandoverApp;
const ids: Record<string, string> = {};

async function get(path: string, token: string) {
  const res = await app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

async function as(role: 'officer' | 'supervisor' | 'monitor' | 'legal', country: 'CN' | 'KH' | 'MM' | 'TH' | 'VN' | 'LA') {
  return tokenFor(role, country);
}

function caseIdsOf(list: { caseId: string }[]): string[] {
  return list.map((c) => c.caseId);
}

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'handover-monitor' });
  // Long days, so no working SLA of these cases runs out on a slow machine.
  app = await iso.app({ HANDOVER_DAY_SECONDS: '600' });
  const overdueApp = await iso.app({ HANDOVER_DAY_SECONDS: '5' });
  const releaseApp = await iso.app({ HANDOVER_DAY_SECONDS: '0.05' });
  const walk = new CaseWalker(injectApi(app), (role, country) => tokenFor(role, country));
  const kh = (ref: string) => ({ custodial: 'KH' as const, receiving: 'CN' as const, externalReference: `MON-${ref}-${Date.now()}` });

  ids.khScreening = (await walk.register(kh('screening'))).caseId;
  ids.khApprovals = (await walk.toApprovals(kh('approvals')))!;
  ids.mmApprovals = (await walk.toApprovals({ custodial: 'MM', receiving: 'CN', transit: ['TH'], externalReference: `MON-mm-${Date.now()}` }))!;
  await walk.approve(ids.mmApprovals, 'MM');
  await walk.approve(ids.mmApprovals, 'CN');
  ids.khVictim = (await walk.register(kh('victim'))).caseId;
  await walk.screen(ids.khVictim, 'KH', 'victim');
  ids.khOverdue = (await new CaseWalker(injectApi(overdueApp), (role, country) => tokenFor(role, country)).register(kh('overdue'))).caseId;
  ids.khReleased = (await new CaseWalker(injectApi(releaseApp), (role, country) => tokenFor(role, country)).register(kh('released'))).caseId;
  for (const [name, id] of Object.entries(ids)) if (!id) throw new Error(`case ${name} was not created`);

  // Wait until the clocks acted and visibility shows it.
  const monitorKH = await as('monitor', 'KH');
  await eventually(async () => {
    const overdue = await get('/api/v1/monitor/overdue', monitorKH);
    return overdue.body.cases.some((c: { caseId: string; overdue: boolean }) => c.caseId === ids.khOverdue && c.overdue);
  }, 'the overdue case to be listed as overdue', 30_000);
  await eventually(async () => {
    const list = await get(`/api/v1/cases?outcome=released-custody-expired`, monitorKH);
    return list.body.cases.some((c: { caseId: string; closedAt?: string }) => c.caseId === ids.khReleased && c.closedAt);
  }, 'the released case to close', 30_000);
  await eventually(async () => {
    const list = await get(`/api/v1/cases?outcome=referred-as-victim`, monitorKH);
    return list.body.cases.some((c: { caseId: string; closedAt?: string }) => c.caseId === ids.khVictim && c.closedAt);
  }, 'the victim case to close', 30_000);
}, 120_000);

afterAll(async () => {
  await iso?.stop();
});

describe('GET /api/v1/inbox', () => {
  it("shows a Thai supervisor the transit consent Thailand owes, with the action, and nothing of Cambodia's cases", async () => {
    const res = await get('/api/v1/inbox', await as('supervisor', 'TH'));
    expect(res.status).toBe(200);
    expect(res.body.waitingOn).toBe('supervisor:TH');
    expect(caseIdsOf(res.body.items)).toEqual([ids.mmApprovals]);
    expect(res.body.items[0]).toMatchObject({
      stage: 'approvals',
      action: 'decideApproval',
      custodialCountry: 'MM',
      transitCountries: ['TH'],
      waitingOn: ['supervisor:TH'],
    });
    expect(res.body.truncated).toBe(false);
  });

  it('shows each supervisor only the approvals still pending for their own country', async () => {
    expect(caseIdsOf((await get('/api/v1/inbox', await as('supervisor', 'KH'))).body.items)).toEqual([ids.khApprovals]);
    // China approved the Myanmar case already; Cambodia's case still waits on China's acceptance.
    expect(caseIdsOf((await get('/api/v1/inbox', await as('supervisor', 'CN'))).body.items)).toEqual([ids.khApprovals]);
    expect((await get('/api/v1/inbox', await as('supervisor', 'MM'))).body.items).toEqual([]);
  });

  it('shows a Cambodian officer the screenings to record, the overdue one first', async () => {
    const res = await get('/api/v1/inbox', await as('officer', 'KH'));
    expect(caseIdsOf(res.body.items)).toEqual([ids.khOverdue, ids.khScreening]);
    expect(res.body.items.every((i: { action: string }) => i.action === 'recordScreening')).toBe(true);
  });

  it('shows callers of an uninvolved country, and read-only roles, nothing', async () => {
    for (const role of ['officer', 'supervisor', 'legal', 'monitor'] as const) {
      const res = await get('/api/v1/inbox', await as(role, 'VN'));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    expect((await get('/api/v1/inbox', await as('monitor', 'KH'))).body.items).toEqual([]);
  });

  it('needs a token and answers problem+json without one', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/inbox' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('validates its query as problem+json naming the field', async () => {
    const res = await get('/api/v1/inbox?limit=0', await as('officer', 'KH'));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('limit');
  });
});

describe('GET /api/v1/monitor/overdue', () => {
  it('lists the case past its working SLA, with what it waits on, and no case without a reason', async () => {
    const res = await get('/api/v1/monitor/overdue', await as('monitor', 'KH'));
    expect(res.status).toBe(200);
    expect(res.body.horizonDays).toBe(3);
    const overdue = res.body.cases.find((c: { caseId: string }) => c.caseId === ids.khOverdue);
    expect(overdue).toMatchObject({ overdue: true, stage: 'screening', waitingOn: ['officer:KH'], retryingActivities: [] });
    expect(overdue.reasons).toContain('overdue');
    // Ten-minute days: the other cases' legal deadlines are ten hours away, beyond 3 clock days.
    expect(caseIdsOf(res.body.cases)).toEqual([ids.khOverdue]);
  });

  it('adds cases whose legal deadline falls within a wider horizon, overdue first, then nearest deadline; closed cases never', async () => {
    const res = await get('/api/v1/monitor/overdue?horizonDays=61', await as('monitor', 'KH'));
    const listed = caseIdsOf(res.body.cases);
    expect(new Set(listed)).toEqual(new Set([ids.khOverdue, ids.khScreening, ids.khApprovals]));
    expect(listed[0]).toBe(ids.khOverdue);
    const screening = res.body.cases.find((c: { caseId: string }) => c.caseId === ids.khScreening);
    expect(screening.reasons).toEqual(['legal-deadline']);
    expect(Date.parse(screening.nextLegalDeadline)).toBeLessThanOrEqual(Date.parse(res.body.horizonUntil));
    const nearest = res.body.cases.slice(1).map((c: { nextDeadline?: string; nextLegalDeadline?: string }) =>
      Math.min(...[c.nextDeadline, c.nextLegalDeadline].filter(Boolean).map((d) => Date.parse(d!))),
    );
    expect([...nearest].sort((a, b) => a - b)).toEqual(nearest);
  });

  it('is scoped to the caller: Thailand sees the Myanmar case only, Vietnam sees nothing', async () => {
    const th = await get('/api/v1/monitor/overdue?horizonDays=61', await as('monitor', 'TH'));
    expect(caseIdsOf(th.body.cases)).toEqual([ids.mmApprovals]);
    const vn = await get('/api/v1/monitor/overdue?horizonDays=61', await as('monitor', 'VN'));
    expect(vn.status).toBe(200);
    expect(vn.body.cases).toEqual([]);
  });
});

describe('GET /api/v1/monitor/summary', () => {
  it('counts open cases by stage and country, overdue, outcomes and legal-clock releases for Cambodia', async () => {
    const res = await get('/api/v1/monitor/summary', await as('monitor', 'KH'));
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({ country: 'KH', open: 3, overdue: 1 });
    const stage = (name: string) => body.byStage.find((s: { stage: string }) => s.stage === name);
    expect(stage('screening')).toEqual({
      stage: 'screening',
      total: 2,
      overdue: 1,
      byCountry: { CN: 2, KH: 2, LA: 0, MM: 0, TH: 0, VN: 0 },
    });
    expect(stage('approvals')).toMatchObject({ total: 1, overdue: 0, byCountry: { CN: 1, KH: 1, TH: 0, MM: 0 } });
    expect(stage('scheduling')).toMatchObject({ total: 0 });
    expect(body.byStage.map((s: { stage: string }) => s.stage)).not.toContain('closed');
    const outcome = (name: string) => body.outcomes.find((o: { outcome: string }) => o.outcome === name).count;
    expect(outcome('referred-as-victim')).toBe(1);
    expect(outcome('released-custody-expired')).toBe(1);
    expect(outcome('handed-over')).toBe(0);
    expect(body.legalClockReleases).toEqual({ 'released-custody-expired': 1, 'deemed-abandoned': 0, total: 1 });
  });

  it("counts Thailand's view: the transit case only, with the countries it involves", async () => {
    const res = await get('/api/v1/monitor/summary', await as('supervisor', 'TH'));
    expect(res.body).toMatchObject({ country: 'TH', open: 1, overdue: 0 });
    const approvals = res.body.byStage.find((s: { stage: string }) => s.stage === 'approvals');
    expect(approvals).toEqual({ stage: 'approvals', total: 1, overdue: 0, byCountry: { CN: 1, KH: 0, LA: 0, MM: 1, TH: 1, VN: 0 } });
    expect(res.body.legalClockReleases.total).toBe(0);
  });

  it('gives Vietnam zeros everywhere: none of the Cambodian or Myanmar cases leaks', async () => {
    const res = await get('/api/v1/monitor/summary', await as('monitor', 'VN'));
    expect(res.body.open).toBe(0);
    expect(res.body.overdue).toBe(0);
    for (const row of res.body.byStage) expect(Object.values(row.byCountry).every((n) => n === 0)).toBe(true);
    expect(res.body.outcomes.every((o: { count: number }) => o.count === 0)).toBe(true);
  });

  it('counts outcomes within the period only', async () => {
    const before = new Date(Date.now() - 86_400_000 * 2).toISOString();
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    const res = await get(`/api/v1/monitor/summary?closedSince=${encodeURIComponent(before)}&closedBefore=${encodeURIComponent(dayAgo)}`, await as('monitor', 'KH'));
    expect(res.body.outcomes.every((o: { count: number }) => o.count === 0)).toBe(true);
    const bad = await get(`/api/v1/monitor/summary?closedSince=${encodeURIComponent(dayAgo)}&closedBefore=${encodeURIComponent(before)}`, await as('monitor', 'KH'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('closedSince');
  });
});

describe('GET /metrics', () => {
  it('exposes case counts, request histograms and the process without ids or personal data', async () => {
    await get('/api/v1/inbox', await as('officer', 'KH'));
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/^handover_cases_open\{stage="screening"\} 2$/m);
    expect(text).toMatch(/^handover_cases_open\{stage="approvals"\} 2$/m);
    expect(text).toMatch(/^handover_cases_overdue 1$/m);
    expect(text).toMatch(/^handover_legal_clock_releases\{outcome="released-custody-expired"\} 1$/m);
    expect(text).toMatch(/^handover_visibility_up 1$/m);
    // Notifications are counted by the worker, on its own /metrics (test/metrics-dashboard.test.ts).
    expect(text).not.toMatch(/handover_notifications_sent_total/);
    expect(text).toMatch(/^# TYPE nodejs_eventloop_lag_seconds gauge$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(text).toMatch(/^handover_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/inbox",status="200"\} \d+$/m);
    expect(text).toMatch(/^handover_case_action_duration_seconds_count\{action="approvals",outcome="accepted"\} \d+$/m);
    expect(text).not.toMatch(/case-[A-Z]{2}-/);
    expect(text).not.toMatch(/Demo Person|kh-officer|Bearer/);
  });
});
