/**
 * A 200-person operation Myanmar → Thailand → China, the shape of the Feb 2025 Mae Sot airlift
 * (charter flights of 50), through the real API on a real dev server and worker:
 *
 *   bulk intake ─ operation ─ manifest ─ screening (12 victims) ─ verification (5 not Chinese) ─ bulk
 *   approvals (3 not in time) ─ flights planned at a cut-off ─ flight custody events (1 did not board)
 *
 * Every person ends with the right outcome, the roll-up adds up, every case timeline shows its own events.
 */
import type { HandoverApp } from '../api/app';
import { mapWithConcurrency } from '../domain/concurrency';
import { call, json, registrationBody, startApiEnv, tokenFor, type ApiEnv } from './helpers/api';

let api: ApiEnv;
let app: HandoverApp;
const token: Record<string, string> = {};

beforeAll(async () => {
  api = await startApiEnv({ configEnv: { HANDOVER_RATE_LIMIT: '100000' } });
  app = api.app;
  for (const [name, role, country] of [
    ['officerMM', 'officer', 'MM'],
    ['supervisorMM', 'supervisor', 'MM'],
    ['officerTH', 'officer', 'TH'],
    ['supervisorTH', 'supervisor', 'TH'],
    ['officerCN', 'officer', 'CN'],
    ['supervisorCN', 'supervisor', 'CN'],
    ['officerKH', 'officer', 'KH'],
    ['monitorTH', 'monitor', 'TH'],
  ] as const) {
    token[name] = await tokenFor(role, country);
  }
});

afterAll(async () => {
  await api?.stop();
});

const PEOPLE = 200;
/** About a minute on an idle 2-core machine; generous because suites share the dev server and the cores. */
const TIMEOUT_MS = 600_000;
const RUN = Date.now().toString(36);

/** As a client should: a 503 (Temporal slow or unavailable, Retry-After) is tried again; every request here is idempotent. */
async function send(method: 'GET' | 'POST', path: string, who: string, body: unknown, expected: number) {
  for (let attempt = 1; ; attempt++) {
    const res = await call(app, method, path, { token: token[who], body });
    if (res.statusCode === 503 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    if (res.statusCode !== expected) throw new Error(`${method} ${path} as ${who}: ${res.statusCode} ${res.body}`);
    return json(res);
  }
}
const post = (path: string, who: string, body: unknown, expected = 200) => send('POST', path, who, body, expected);
const get = (path: string, who: string) => send('GET', path, who, undefined, 200);

/** Per-case actions go out a few at a time, as officers' devices would send them. */
const each = <T>(ids: string[], fn: (id: string, i: number) => Promise<T>) => mapWithConcurrency(ids, 8, fn);

/** HANDOVER_TEST_TIMING=1 prints how long each phase took. */
function phases(): (name: string) => void {
  let last = Date.now();
  return (name) => {
    if (process.env.HANDOVER_TEST_TIMING === '1') process.stderr.write(`  ${name}: ${Date.now() - last} ms\n`);
    last = Date.now();
  };
}

describe('a 200-person operation MM → TH → CN', () => {
  it('ends every person with the right outcome, with a roll-up that adds up and each case telling its own story', async () => {
    const phase = phases();
    // ---- Intake: 200 arrests in one request -------------------------------------------------
    const rows = Array.from({ length: PEOPLE }, (_, i) =>
      registrationBody({ custodial: 'MM', receiving: 'CN', transit: ['TH'], externalReference: `MAESOT-${RUN}-${i}` }),
    );
    const intake = await post('/api/v1/cases/bulk', 'officerMM', rows);
    expect(intake).toMatchObject({ received: PEOPLE, started: PEOPLE, invalid: 0 });
    const caseIds: string[] = intake.results.map((r: { caseId: string }) => r.caseId);

    // Who is who in this operation.
    const victims = caseIds.slice(0, 12);
    const notChinese = caseIds.slice(12, 17);
    const late = caseIds.slice(17, 20);
    const eligible = caseIds.slice(17); // screened clear and confirmed Chinese: 183
    const onTime = caseIds.slice(20); // approved before the cut-off: 180

    phase('intake');
    // ---- The operation and its manifest -------------------------------------------------------
    const created = await post(
      '/api/v1/operations',
      'officerMM',
      {
        requestId: `op-${RUN}`,
        name: 'Mae Sot airlift, round 1',
        custodialCountry: 'MM',
        receivingCountry: 'CN',
        transitCountries: ['TH'],
        handoverPoint: 'Mae Sot airport (TH) to Nanjing Lukou (CN)',
        transport: 'air',
        escort: 'Chinese police escort on board',
        window: { start: new Date().toISOString(), end: new Date(Date.now() + 4 * 86_400_000).toISOString() },
        capacity: 50,
      },
      201,
    );
    const opId: string = created.operationId;
    expect(opId).toMatch(/^operation-MM-\d{8}-[A-Z0-9]{10}$/);
    const opUrl = `/api/v1/operations/${opId}`;

    const added = await post(`${opUrl}/cases`, 'officerMM', { requestId: `add-${RUN}`, action: 'add', caseIds });
    expect(added.manifestSize).toBe(PEOPLE);
    expect(added.results.every((r: { result: string }) => r.result === 'added')).toBe(true);

    // Another country's officer cannot see the operation at all; a transit country's monitor can.
    expect((await call(app, 'GET', opUrl, { token: token.officerKH })).statusCode).toBe(404);
    expect((await get(opUrl, 'monitorTH')).rollUp.total).toBe(PEOPLE);

    phase('operation and manifest');
    // ---- Screening (Myanmar) and verification (China), one case at a time -------------------
    await each(caseIds, (id, i) =>
      post(`/api/v1/cases/${id}/screening`, 'officerMM', { requestId: `scr-${id}`, result: i < 12 ? 'victim' : 'cleared' }),
    );
    await each(caseIds.slice(12), (id) =>
      post(
        `/api/v1/cases/${id}/verification`,
        'officerCN',
        notChinese.includes(id)
          ? { requestId: `ver-${id}`, result: 'not-a-national', referredTo: 'VN', reference: `CONS-${id}` }
          : { requestId: `ver-${id}`, result: 'confirmed', reference: `CONS-${id}` },
      ),
    );

    phase('screening and verification');
    let view = await get(`${opUrl}?refresh=true`, 'officerMM');
    expect(view.readiness).toMatchObject({ closed: 17, blocked: 183, ready: 0 });
    expect(view.readiness.blockedOn).toEqual([{ reason: 'approvals: supervisor:MM, supervisor:CN, supervisor:TH', count: 183 }]);

    phase('refresh');
    // ---- Approvals in bulk: three countries, each its own slot -------------------------------
    for (const [who, ids] of [
      ['supervisorMM', eligible],
      ['supervisorTH', eligible],
      ['supervisorCN', onTime],
    ] as const) {
      const approved = await post('/api/v1/approvals/bulk', who, { caseIds: ids, approval: { requestId: `appr-${who}-${RUN}`, decision: 'approve' } });
      expect(approved).toMatchObject({ requested: ids.length, approved: ids.length, refused: 0 });
    }
    // A victim's case is closed: the bulk answer says so for that case only.
    const mixed = await post('/api/v1/approvals/bulk', 'supervisorCN', {
      caseIds: [victims[0], 'case-MM-2025-NOSUCHCASE'],
      approval: { requestId: `appr-mixed-${RUN}`, decision: 'approve' },
    });
    expect(mixed.results).toEqual([
      { caseId: victims[0], status: 'refused', problem: expect.objectContaining({ status: 409 }) },
      { caseId: 'case-MM-2025-NOSUCHCASE', status: 'not-found' },
    ]);

    phase('approvals');
    // ---- Flights: four charters of 50, planned at a cut-off ------------------------------------
    const hour = 3_600_000;
    const departures = [6, 12, 18, 24].map((h) => new Date(Date.now() + h * hour).toISOString());
    const plan = await post(
      `${opUrl}/flights`,
      'officerMM',
      { requestId: `plan-${RUN}`, cutOff: new Date(Date.now() + 1_000).toISOString(), departures },
      202,
    );
    expect(plan.status).toBe('awaiting-cut-off');

    for (let i = 0; i < 150 && view.plans[0]?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      view = await get(`${opUrl}?limit=0`, 'officerMM');
    }
    expect(view.plans[0]).toMatchObject({ status: 'done', scheduled: 180, leftOut: 3 });
    expect(view.flights.map((f: { flightId: string; seats: number }) => [f.flightId, f.seats])).toEqual([
      ['F01', 50],
      ['F02', 50],
      ['F03', 50],
      ['F04', 30],
    ]);
    phase('plan at the cut-off');
    const leftOut = await get(`${opUrl}?status=blocked`, 'officerMM');
    expect(leftOut.manifest.entries.map((e: { caseId: string }) => e.caseId).sort()).toEqual([...late].sort());
    for (const entry of leftOut.manifest.entries) {
      expect(entry.leftOut).toBe(`[plan-${RUN}] not ready at the cut-off (approvals: supervisor:CN)`);
    }

    // China approves the three after the cut-off: approved, but no seat.
    await post('/api/v1/approvals/bulk', 'supervisorCN', { caseIds: late, approval: { requestId: `appr-late-${RUN}`, decision: 'approve' } });

    phase('late approvals');
    // ---- Custody, flight by flight; one person on F01 does not board ---------------------------
    const seats: Record<string, string[]> = {};
    for (const f of ['F01', 'F02', 'F03', 'F04']) {
      seats[f] = (await get(`${opUrl}?flightId=${f}&limit=100`, 'officerMM')).manifest.entries.map((e: { caseId: string }) => e.caseId);
    }
    const stayed = seats.F01[7];
    for (const f of ['F01', 'F02', 'F03', 'F04']) {
      const released = await post(`${opUrl}/custody-events`, 'officerMM', {
        requestId: `${f}-released-${RUN}`,
        flightId: f,
        event: 'released-by-custodial',
        country: 'MM',
        reference: `MM-EXIT-${f}`,
        ...(f === 'F01' ? { exceptions: [{ caseId: stayed, exception: 'did-not-board', note: 'medical' }] } : {}),
      });
      expect(released.refused).toBe(0);
      expect(released.recorded).toBe(f === 'F01' ? 49 : seats[f].length);
      await post(`${opUrl}/custody-events`, 'officerTH', { requestId: `${f}-in-${RUN}`, flightId: f, event: 'entered-transit', country: 'TH' });
      await post(`${opUrl}/custody-events`, 'officerTH', { requestId: `${f}-out-${RUN}`, flightId: f, event: 'left-transit', country: 'TH' });
      const received = await post(`${opUrl}/custody-events`, 'officerCN', {
        requestId: `${f}-received-${RUN}`,
        flightId: f,
        event: 'received-by-receiving',
        country: 'CN',
        identityRechecked: true,
      });
      expect(received.results.every((r: { outcome?: string }) => r.outcome === 'handed-over')).toBe(true);
    }

    phase('custody events');
    // ---- The roll-up adds up --------------------------------------------------------------------
    view = await get(`${opUrl}?refresh=true&limit=1000`, 'supervisorCN');
    expect(view.rollUp).toEqual({
      total: 200,
      handedOver: 179,
      referredAsVictim: 12,
      referredToEmbassy: 5,
      released: 0,
      refused: 0,
      withdrawn: 0,
      pending: 4,
    });
    expect(view.readiness).toMatchObject({ ready: 4, closed: 196, blocked: 0, scheduled: 0, inTransfer: 0 });
    expect(view.status).toBe('in-transfer');
    expect(view.flights[0].events.map((e: { event: string; exceptions: number }) => [e.event, e.exceptions])).toEqual([
      ['released-by-custodial', 1],
      ['entered-transit', 0],
      ['left-transit', 0],
      ['received-by-receiving', 0],
    ]);
    const entryOf = new Map<string, { flightId?: string; exception?: string }>(view.manifest.entries.map((e: { caseId: string }) => [e.caseId, e]));
    expect(entryOf.get(stayed)).toMatchObject({ exception: 'did-not-board' });

    phase('roll-up');
    // ---- Every person: the right outcome, and a timeline of their own ---------------------------
    // Outcomes as monitors see them: the list filtered on the operation (each case's own search attributes).
    // Visibility follows the workflows within moments: read until the last outcomes are indexed.
    const listed = new Map<string, { outcome?: string; stage: string }>();
    for (let attempt = 0; attempt < 60; attempt++) {
      listed.clear();
      for (let page: string | undefined, first = true; first || page; first = false) {
        const list = await get(`/api/v1/cases?operation=${opId}&pageSize=100${page ? `&pageToken=${page}` : ''}`, 'supervisorCN');
        for (const c of list.cases) listed.set(c.caseId, c);
        page = list.nextPageToken;
      }
      if ([...listed.values()].filter((c) => c.outcome).length === 196) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect([...listed.keys()].sort()).toEqual([...caseIds].sort());
    const outcomeOf = (id: string) => listed.get(id)?.outcome;
    expect(victims.map(outcomeOf)).toEqual(victims.map(() => 'referred-as-victim'));
    expect(notChinese.map(outcomeOf)).toEqual(notChinese.map(() => 'referred-to-embassy'));
    expect([...late, stayed].map((id) => [outcomeOf(id), listed.get(id)?.stage])).toEqual([...late, stayed].map(() => [undefined, 'scheduling']));
    const flown = onTime.filter((id) => id !== stayed);
    expect(flown.map(outcomeOf)).toEqual(flown.map(() => 'handed-over'));

    const flightOf = new Map(Object.entries(seats).flatMap(([f, ids]) => ids.map((id) => [id, f] as const)));
    await each(caseIds, async (id) => {
      const { events } = await get(`/api/v1/cases/${id}/timeline`, 'officerMM');
      const actions: string[] = events.map((e: { action: string }) => e.action);
      const detailOf = (action: string) => events.find((e: { action: string }) => e.action === action)?.detail as string | undefined;
      const requestIds = new Set(events.map((e: { requestId?: string }) => e.requestId).filter(Boolean));

      expect(detailOf('operation-joined')).toBe(opId);
      // Its own screening, nobody else's.
      expect([...requestIds].filter((r) => String(r).startsWith('scr-'))).toEqual([`scr-${id}`]);

      if (victims.includes(id)) {
        expect(detailOf('closed')).toBe('referred-as-victim');
        expect(actions).not.toContain('verification-recorded');
      } else if (notChinese.includes(id)) {
        expect(detailOf('closed')).toBe('referred-to-embassy');
        expect(requestIds.has(`ver-${id}`)).toBe(true);
        expect(actions).not.toContain('approved');
      } else if (late.includes(id)) {
        expect(actions.filter((a) => a === 'approved')).toHaveLength(3);
        expect(actions).not.toContain('handover-scheduled');
        expect(actions).not.toContain('closed');
      } else if (id === stayed) {
        expect(detailOf('handover-scheduled')).toMatch(new RegExp(`^${departures[0]} at `));
        expect(actions).not.toContain('released-by-custodial');
        expect(actions).not.toContain('closed');
      } else {
        const flight = flightOf.get(id)!;
        expect(detailOf('handover-scheduled')).toBe(`${departures[Number(flight.slice(1)) - 1]} at Mae Sot airport (TH) to Nanjing Lukou (CN) by air`);
        expect(actions.filter((a) => a === 'approved')).toHaveLength(3);
        expect(actions.filter((a) => ['released-by-custodial', 'entered-transit', 'left-transit', 'received-by-receiving'].includes(a))).toEqual([
          'released-by-custodial',
          'entered-transit',
          'left-transit',
          'received-by-receiving',
        ]);
        expect(detailOf('closed')).toBe('handed-over');
        // The operation's requests carry the operation id: the case shows where its steps came from.
        expect([...requestIds].filter((r) => String(r).startsWith(opId))).toEqual([
          `${opId}/add-${RUN}/join`,
          `${opId}/plan-${RUN}/schedule`,
          `${opId}/${flight}-released-${RUN}/released-by-custodial`,
          `${opId}/${flight}-in-${RUN}/entered-transit`,
          `${opId}/${flight}-out-${RUN}/left-transit`,
          `${opId}/${flight}-received-${RUN}/received-by-receiving`,
        ]);
      }
    });
    // One case in full, as an officer reads it.
    const one = await get(`/api/v1/cases/${flown[0]}`, 'officerMM');
    expect(one).toMatchObject({ operationId: opId, outcome: 'handed-over', schedule: { flight: flightOf.get(flown[0]), transport: 'air' } });
    expect(one.custodyEvents.map((e: { event: string; country: string }) => `${e.event}@${e.country}`)).toEqual([
      'released-by-custodial@MM',
      'entered-transit@TH',
      'left-transit@TH',
      'received-by-receiving@CN',
    ]);
    const stayedView = await get(`/api/v1/cases/${stayed}`, 'officerMM');
    // Did-not-board is a fact of the person's case: the flight's schedule is void, the attempt kept with its exception.
    expect(stayedView).toMatchObject({ stage: 'scheduling', custodyEvents: [], custodyAttempts: [{ events: [], exception: { exception: 'did-not-board', country: 'MM' } }] });
    expect(stayedView.schedule).toBeUndefined();
    phase('every case checked');
  }, TIMEOUT_MS);
});
