/**
 * The case API against the real dev server and a real worker running the real case workflow:
 * registration and its idempotency, reading, lists, and every action on the way to an outcome.
 * The last test proves every documented route answered 2xx here and none answered a 500.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp } from '../api/app';
import { CASE_ACTION_ROUTES } from '../api/case-actions';
import { waitFor } from './helpers/ports';
import { testNamespace, uniqueTaskQueue } from './helpers/temporal';
import {
  call,
  json,
  registrationBody,
  requestId,
  startApiEnv,
  subjectOf,
  tokenFor,
  TEST_DAY_SECONDS,
  TEST_JWT_SECRET,
  type ApiEnv,
} from './helpers/api';
import type { LightMyRequestResponse } from 'fastify';
import type { Country, Role } from '../domain/people';

let api: ApiEnv;

beforeAll(async () => {
  api = await startApiEnv();
});

afterAll(async () => {
  await api?.stop();
});

const tokens = new Map<string, string>();
async function as(role: Role, country: Country, n = 1): Promise<string> {
  const key = `${role}:${country}:${n}`;
  if (!tokens.has(key)) tokens.set(key, await tokenFor(role, country, n));
  return tokens.get(key)!;
}

async function register(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const custodial = body.custodialCountry as Country;
  return call(api.app, 'POST', '/api/v1/cases', { token: await as('officer', custodial), body, headers });
}

/** Posts an action and expects 200; returns the case view. */
async function act(caseId: string, segment: string, token: string, body: Record<string, unknown>) {
  const res = await call(api.app, 'POST', `/api/v1/cases/${caseId}/${segment}`, { token, body: { requestId: requestId(), ...body } });
  if (res.statusCode !== 200) throw new Error(`${segment} answered ${res.statusCode}: ${res.body}`);
  return json(res);
}

function problemOf(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return json(res);
}

async function listIds(token: string, query = ''): Promise<string[]> {
  const res = await call(api.app, 'GET', `/api/v1/cases?pageSize=100${query}`, { token });
  expect(res.statusCode).toBe(200);
  return json(res).cases.map((c: { caseId: string }) => c.caseId);
}

describe('registration', () => {
  it('registers an arrest: 201, Location, the case view in screening, clocks from the treaty profile', async () => {
    const res = await register(registrationBody({ custodial: 'KH', receiving: 'CN' }));
    expect(res.statusCode).toBe(201);
    const view = json(res);
    expect(view.caseId).toMatch(/^case-KH-\d{4}-[A-Z2-7]{10}$/);
    expect(res.headers.location).toBe(`/api/v1/cases/${view.caseId}`);
    expect(view).toMatchObject({
      stage: 'screening',
      track: 'deportation',
      custodialCountry: 'KH',
      receivingCountry: 'CN',
      registeredBy: subjectOf('officer', 'KH'),
      profileId: 'deportation-default',
      person: { fullName: 'Test Person', birthDate: '1990-04-17' },
      requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The immigration-detention limit is 60 clock days; a test day is TEST_DAY_SECONDS.
    const detention = view.clocks.find((c: { name: string }) => c.name === 'immigration-detention');
    expect(detention).toMatchObject({ kind: 'legal', status: 'running' });
    expect(Date.parse(detention.deadline) - Date.parse(detention.startedAt)).toBe(60 * TEST_DAY_SECONDS * 1000);
    expect(view.waitingOn).toEqual([{ kind: 'person', role: 'officer', country: 'KH', action: 'recordScreening' }]);
  });

  it('answers registration with the view the case workflow then holds, computed without waiting for a worker', async () => {
    const res = await register(registrationBody({ custodial: 'MM', receiving: 'CN', transit: ['TH'] }));
    expect(res.statusCode).toBe(201);
    const answered = json(res);
    const read = await call(api.app, 'GET', `/api/v1/cases/${answered.caseId}`, { token: await as('officer', 'MM') });
    expect(read.statusCode).toBe(200);
    // Everything but the countdowns, which depend on when each was computed.
    const timeless = (view: { clocks: { remainingMs?: number }[] }) => ({ ...view, clocks: view.clocks.map(({ remainingMs: _r, ...c }) => c) });
    expect(timeless(answered)).toEqual(timeless(json(read)));
    // The registration, its stage change and the working SLA are all at the registration's instant.
    const { events } = json(await call(api.app, 'GET', `/api/v1/cases/${answered.caseId}/timeline`, { token: await as('officer', 'MM') }));
    expect(events.slice(0, 2).map((e: { action: string; at: string }) => [e.action, e.at])).toEqual([
      ['registered', answered.registeredAt],
      ['stage-changed', answered.registeredAt],
    ]);
    expect(answered.clocks.find((c: { name: string }) => c.name === 'sla:screening')?.startedAt ?? answered.registeredAt).toBe(answered.registeredAt);
  });

  it('with no worker polling, still registers (201) and answers reads with 503 worker-unavailable, never a 500', async () => {
    const idle = buildApp({
      config: api.config,
      client: api.client,
      logger: pino({ level: 'silent' }),
      taskQueue: uniqueTaskQueue('no-worker'),
      namespace: testNamespace(),
      auth: { secret: TEST_JWT_SECRET },
      temporalDeadlineMs: 2_000,
      maxEventLoopDelayMs: 60_000,
    });
    await idle.ready();
    try {
      const token = await as('officer', 'KH');
      const res = await call(idle, 'POST', '/api/v1/cases', { token, body: registrationBody({ custodial: 'KH', receiving: 'CN' }) });
      expect(res.statusCode).toBe(201);
      expect(json(res).stage).toBe('screening');
      const read = await call(idle, 'GET', `/api/v1/cases/${json(res).caseId}`, { token });
      // A queue never polled makes the query wait for a worker until the API's deadline; one whose pollers
      // vanished (a server restart, see server-restart.test.ts) answers "no poller" at once.
      expect(read.statusCode).toBe(503);
      expect(read.headers['retry-after']).toBe('5');
      expect(['/problems/temporal-unavailable', '/problems/worker-unavailable']).toContain(json(read).type);
      // It is in the lists all the same: its search attributes were set at start.
      const listed = await call(idle, 'GET', `/api/v1/cases?pageSize=100&stage=screening`, { token });
      expect(listed.statusCode).toBe(200);
    } finally {
      await idle.close();
    }
  });

  it('finds the existing case when the same arrest is registered again with the same body (200)', async () => {
    const body = registrationBody();
    const first = await register(body);
    expect(first.statusCode).toBe(201);
    const again = await register(body);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again).caseId).toBe(json(first).caseId);
  });

  it('refuses the same external reference with different details (409)', async () => {
    const body = registrationBody();
    expect((await register(body)).statusCode).toBe(201);
    const changed = { ...body, charges: ['another charge'] };
    const problem = problemOf(await register(changed), 409);
    expect(problem.type).toBe('/problems/conflict');
    expect(problem.detail).toMatch(/already registered as case-KH-/);
  });

  it('answers a repeated Idempotency-Key with the first result, and 409 for a different body', async () => {
    const key = `idem-${requestId()}`;
    const body = registrationBody();
    const first = await register(body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const caseId = json(first).caseId;
    const repeat = await register(body, { 'idempotency-key': key });
    expect(repeat.statusCode).toBe(200);
    expect(json(repeat).caseId).toBe(caseId);

    // Same key, another arrest: found through the request-key search attribute once visibility has it.
    const token = await as('officer', 'KH');
    await waitFor(async () => ((await listIds(token)).includes(caseId) ? true : undefined), { what: 'the case in visibility' });
    const other = registrationBody();
    const conflict = problemOf(await register(other, { 'idempotency-key': key }), 409);
    expect(conflict.type).toBe('/problems/idempotency-conflict');
    // Same key, same arrest, changed body: the workflow id collides and the request key tells why.
    const changed = problemOf(await register({ ...body, charges: ['changed'] }, { 'idempotency-key': key }), 409);
    expect(changed.type).toBe('/problems/idempotency-conflict');
  });

  it('creates exactly one workflow under concurrent duplicates', async () => {
    const body = registrationBody();
    const key = `idem-${requestId()}`;
    const responses = await Promise.all([
      ...Array.from({ length: 6 }, () => register(body, { 'idempotency-key': key })),
      ...Array.from({ length: 4 }, (_, i) => register(body, { 'idempotency-key': `${key}-other-${i}` })),
      register(body),
    ]);
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(responses.length - 1);
    const caseIds = new Set(responses.map((r) => json(r).caseId));
    expect(caseIds.size).toBe(1);
    const [caseId] = [...caseIds];
    const count = await api.client.workflow.count(`WorkflowId = '${caseId}'`);
    expect(count.count).toBe(1);
  });
});

describe('reading', () => {
  it('answers the case view and the timeline to every country of the case, 404 to an unknown case', async () => {
    const res = await register(registrationBody({ custodial: 'MM', receiving: 'CN', transit: ['TH'] }));
    const { caseId } = json(res);
    for (const country of ['MM', 'TH', 'CN'] as const) {
      const view = await call(api.app, 'GET', `/api/v1/cases/${caseId}`, { token: await as('monitor', country) });
      expect(view.statusCode).toBe(200);
      expect(json(view).transitCountries).toEqual(['TH']);
    }
    const timeline = await call(api.app, 'GET', `/api/v1/cases/${caseId}/timeline`, { token: await as('monitor', 'TH') });
    expect(timeline.statusCode).toBe(200);
    expect(json(timeline)).toMatchObject({
      caseId,
      events: expect.arrayContaining([expect.objectContaining({ seq: 1, action: 'registered', actor: subjectOf('officer', 'MM') })]),
    });
    problemOf(await call(api.app, 'GET', '/api/v1/cases/case-MM-2020-AAAAAAAAAA', { token: await as('monitor', 'MM') }), 404);
  });

  it('lets an admin read cases of their country but not act on them', async () => {
    const { caseId } = json(await register(registrationBody({ custodial: 'KH', receiving: 'CN' })));
    const admin = await as('admin', 'KH');
    expect((await call(api.app, 'GET', `/api/v1/cases/${caseId}`, { token: admin })).statusCode).toBe(200);
    const res = await call(api.app, 'POST', `/api/v1/cases/${caseId}/hold`, { token: admin, body: { requestId: requestId(), reason: 'x' } });
    expect(problemOf(res, 403).detail).toMatch(/supervisor or legal/);
  });
});

describe('lists', () => {
  it('filters by stage, track, country, overdue and waiting-on-me, and pages with a token', async () => {
    const kh = await as('officer', 'KH');
    const a = json(await register(registrationBody({ custodial: 'KH', receiving: 'CN' }))).caseId;
    const b = json(await register(registrationBody({ custodial: 'KH', receiving: 'VN', track: 'extradition' }))).caseId;
    await waitFor(async () => {
      const ids = await listIds(kh, '&stage=screening');
      return ids.includes(a) && ids.includes(b) ? true : undefined;
    }, { what: 'both cases in screening' });

    const waiting = await call(api.app, 'GET', '/api/v1/cases?waitingOnMe=true&pageSize=100', { token: kh });
    const rows = json(waiting).cases;
    expect(rows.map((r: { caseId: string }) => r.caseId)).toEqual(expect.arrayContaining([a, b]));
    for (const row of rows) expect(row.waitingOn).toContain('officer:KH');
    // The receiving officer is not who screening waits on.
    expect(await listIds(await as('officer', 'CN'), '&waitingOnMe=true')).not.toContain(a);

    const extradition = await listIds(kh, '&track=extradition');
    expect(extradition).toContain(b);
    expect(extradition).not.toContain(a);
    const withVN = await listIds(kh, '&country=VN');
    expect(withVN).toContain(b);
    expect(withVN).not.toContain(a);
    expect(await listIds(kh, '&overdue=false')).toEqual(expect.arrayContaining([a, b]));
    expect(await listIds(kh, '&overdue=true')).not.toContain(a);
    expect(await listIds(kh, '&outcome=withdrawn')).not.toContain(a);

    const summary = json(await call(api.app, 'GET', '/api/v1/cases?track=extradition&pageSize=100', { token: kh })).cases.find(
      (r: { caseId: string }) => r.caseId === b,
    );
    expect(summary).toMatchObject({ caseId: b, stage: 'screening', track: 'extradition', custodialCountry: 'KH', receivingCountry: 'VN', overdue: false });
    expect(summary).not.toHaveProperty('person');

    const page1 = json(await call(api.app, 'GET', '/api/v1/cases?pageSize=1', { token: kh }));
    expect(page1.cases).toHaveLength(1);
    expect(page1.nextPageToken).toEqual(expect.any(String));
    const page2 = json(await call(api.app, 'GET', `/api/v1/cases?pageSize=1&pageToken=${encodeURIComponent(page1.nextPageToken)}`, { token: kh }));
    expect(page2.cases).toHaveLength(1);
    expect(page2.cases[0].caseId).not.toBe(page1.cases[0].caseId);
  });

  it('refuses a forged page token, and a token of another list, with 400 naming pageToken', async () => {
    const kh = await as('officer', 'KH');
    const forged = await call(api.app, 'GET', '/api/v1/cases?pageToken=Zm9yZ2Vk.AAAAAAAAAAAAAAAAAAAAAA', { token: kh });
    expect(problemOf(forged, 400).errors).toEqual([expect.objectContaining({ field: 'pageToken' })]);
    const page = json(await call(api.app, 'GET', '/api/v1/cases?pageSize=1', { token: kh }));
    expect(page.nextPageToken).toEqual(expect.any(String));
    // The same token for another country's list, or another filter, is not accepted.
    const foreign = await call(api.app, 'GET', `/api/v1/cases?pageSize=1&pageToken=${page.nextPageToken}`, { token: await as('officer', 'CN') });
    expect(problemOf(foreign, 400).errors).toEqual([expect.objectContaining({ field: 'pageToken' })]);
    const otherFilter = await call(api.app, 'GET', `/api/v1/cases?pageSize=1&stage=closed&pageToken=${page.nextPageToken}`, { token: kh });
    problemOf(otherFilter, 400);
  });
});

describe('actions to an outcome', () => {
  it('walks an extradition MM → TH → CN to handed-over through every action route', async () => {
    const { caseId } = json(await register(registrationBody({ custodial: 'MM', receiving: 'CN', transit: ['TH'], track: 'extradition' })));

    let view = await act(caseId, 'screening', await as('officer', 'MM'), { result: 'refoulement-risk', notes: 'claims fear of torture' });
    expect(view).toMatchObject({ stage: 'screening', refoulementReview: { status: 'pending' } });
    view = await act(caseId, 'refoulement-review', await as('legal', 'MM'), { decision: 'proceed', reference: 'MM-LEGAL-1' });
    expect(view.stage).toBe('identity-verification');
    view = await act(caseId, 'verification', await as('officer', 'CN'), { result: 'confirmed', reference: 'CONSULAR-7' });
    expect(view.stage).toBe('legal-review');

    view = await act(caseId, 'clock-extensions', await as('legal', 'MM'), {
      clock: 'provisional-detention',
      days: 5,
      decisionReference: 'MM-COURT-EXT-1',
    });
    expect(view.clocks.find((c: { name: string }) => c.name === 'provisional-detention')).toMatchObject({ extendedByDays: 5 });

    view = await act(caseId, 'hold', await as('supervisor', 'MM', 9), { reason: 'appeal lodged' });
    expect(view.hold).toMatchObject({ reason: 'appeal lodged', by: subjectOf('supervisor', 'MM', 9) });
    view = await act(caseId, 'resume', await as('legal', 'MM'), {});
    expect(view.hold).toBeUndefined();

    const legal = await as('legal', 'MM');
    await act(caseId, 'legal-review', legal, { step: 'formal-request', reference: 'CN-REQ-1', documents: [{ name: 'arrest warrant', received: true }] });
    await act(caseId, 'legal-review', legal, { step: 'court-decision', decision: 'extraditable', reference: 'MM-COURT-2' });
    view = await act(caseId, 'legal-review', legal, { step: 'executive-decision', decision: 'granted', reference: 'MM-EXEC-3' });
    expect(view.stage).toBe('approvals');
    expect(view.approvals.map((a: { country: string; slot: string }) => `${a.country}:${a.slot}`).sort()).toEqual([
      'CN:accept',
      'MM:release',
      'TH:transit-consent',
    ]);

    for (const country of ['MM', 'TH', 'CN'] as const) {
      view = await act(caseId, 'approvals', await as('supervisor', country), { decision: 'approve' });
    }
    expect(view.stage).toBe('scheduling');

    view = await act(caseId, 'schedule', await as('officer', 'MM'), {
      agreedDate: new Date(Date.now() + 3_600_000).toISOString(),
      handoverPoint: 'Mae Sot Friendship Bridge',
      transport: 'land',
      escort: 'police escort',
    });
    expect(view.schedule).toMatchObject({ handoverPoint: 'Mae Sot Friendship Bridge', transport: 'land' });
    expect(view.expectedCustodyEvent).toEqual({ event: 'released-by-custodial', country: 'MM' });

    await act(caseId, 'custody-events', await as('officer', 'MM'), { event: 'released-by-custodial', country: 'MM' });
    await act(caseId, 'custody-events', await as('officer', 'TH'), { event: 'entered-transit', country: 'TH' });
    await act(caseId, 'custody-events', await as('officer', 'TH'), { event: 'left-transit', country: 'TH' });
    const arrival = { requestId: requestId(), event: 'received-by-receiving', country: 'CN', identityRechecked: true };
    const officerCN = await as('officer', 'CN');
    const closed = await call(api.app, 'POST', `/api/v1/cases/${caseId}/custody-events`, { token: officerCN, body: arrival });
    expect(closed.statusCode).toBe(200);
    expect(json(closed)).toMatchObject({ stage: 'closed', outcome: 'handed-over' });

    // Repeating the closing action returns the case again; any other action is refused.
    const repeat = await call(api.app, 'POST', `/api/v1/cases/${caseId}/custody-events`, { token: officerCN, body: arrival });
    expect(repeat.statusCode).toBe(200);
    expect(json(repeat).outcome).toBe('handed-over');
    const late = await call(api.app, 'POST', `/api/v1/cases/${caseId}/hold`, { token: await as('legal', 'MM'), body: { requestId: requestId(), reason: 'late' } });
    expect(problemOf(late, 409).detail).toMatch(/closed/);

    const timeline = json(await call(api.app, 'GET', `/api/v1/cases/${caseId}/timeline`, { token: await as('monitor', 'CN') }));
    const actors = timeline.events.map((e: { actor: string }) => e.actor);
    expect(actors).toEqual(expect.arrayContaining([subjectOf('officer', 'MM'), subjectOf('supervisor', 'TH'), subjectOf('officer', 'CN')]));
    expect(timeline.events.some((e: { requestId?: string }) => e.requestId === arrival.requestId)).toBe(true);

    await waitFor(async () => ((await listIds(officerCN, '&outcome=handed-over')).includes(caseId) ? true : undefined), {
      what: 'the closed case in visibility',
    });
  });

  it('withdraws a case at the request of the receiving country', async () => {
    const { caseId } = json(await register(registrationBody({ custodial: 'KH', receiving: 'CN' })));
    const view = await act(caseId, 'withdraw', await as('supervisor', 'CN'), { reason: 'request withdrawn by the requesting state' });
    expect(view).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
  });

  it('claims and releases the waiting step (assignment), listed in allowedActions', async () => {
    const { caseId } = json(await register(registrationBody({ custodial: 'KH', receiving: 'CN' })));
    const officer = await as('officer', 'KH', 4);
    expect(json(await call(api.app, 'GET', `/api/v1/cases/${caseId}`, { token: officer })).allowedActions).toEqual(['screening', 'assignment']);
    const claimed = await act(caseId, 'assignment', officer, { assignee: subjectOf('officer', 'KH', 4) });
    expect(claimed.assignment).toMatchObject({ assignee: subjectOf('officer', 'KH', 4), by: subjectOf('officer', 'KH', 4) });
    expect((await act(caseId, 'assignment', officer, { assignee: null })).assignment).toBeUndefined();
  });
});

describe('refusals', () => {
  it('maps the workflow validators: 409 wrong stage, 403 wrong country and four eyes, 422 invalid, idempotent repeats', async () => {
    const { caseId } = json(await register(registrationBody({ custodial: 'KH', receiving: 'CN' })));
    const wrongStage = await call(api.app, 'POST', `/api/v1/cases/${caseId}/verification`, {
      token: await as('officer', 'CN'),
      body: { requestId: requestId(), result: 'confirmed' },
    });
    expect(problemOf(wrongStage, 409).detail).toMatch(/not possible in stage screening/);

    const wrongCountry = await call(api.app, 'POST', `/api/v1/cases/${caseId}/screening`, {
      token: await as('officer', 'CN'),
      body: { requestId: requestId(), result: 'cleared' },
    });
    expect(problemOf(wrongCountry, 403).detail).toMatch(/custodial country/);

    const monitor = await call(api.app, 'POST', `/api/v1/cases/${caseId}/screening`, {
      token: await as('monitor', 'KH'),
      body: { requestId: requestId(), result: 'cleared' },
    });
    expect(problemOf(monitor, 403).detail).toMatch(/officer or supervisor/);

    // A supervisor who screens has prepared a step and may not approve the case afterwards.
    const preparer = await as('supervisor', 'KH', 3);
    const screening = { requestId: requestId(), result: 'cleared' };
    const first = await call(api.app, 'POST', `/api/v1/cases/${caseId}/screening`, { token: preparer, body: screening });
    expect(first.statusCode).toBe(200);
    const again = await call(api.app, 'POST', `/api/v1/cases/${caseId}/screening`, { token: preparer, body: screening });
    expect(again.statusCode).toBe(200);
    expect(json(again).timelineLength).toBe(json(first).timelineLength);
    const stolen = await call(api.app, 'POST', `/api/v1/cases/${caseId}/screening`, { token: await as('officer', 'KH', 4), body: screening });
    expect(problemOf(stolen, 409).detail).toMatch(/another actor/);

    await act(caseId, 'verification', await as('officer', 'CN'), { result: 'confirmed' });
    const fourEyes = await call(api.app, 'POST', `/api/v1/cases/${caseId}/approvals`, { token: preparer, body: { requestId: requestId(), decision: 'approve' } });
    expect(problemOf(fourEyes, 403).detail).toMatch(/four eyes/);

    const invalid = await call(api.app, 'POST', `/api/v1/cases/${caseId}/approvals`, {
      token: await as('supervisor', 'CN'),
      body: { requestId: requestId(), decision: 'reject', reason: 'identity doubts', returnTo: 'legal-review' },
    });
    expect(problemOf(invalid, 422).detail).toMatch(/can return this case to/);

    const back = await act(caseId, 'approvals', await as('supervisor', 'CN'), {
      decision: 'reject',
      reason: 'identity doubts',
      returnTo: 'identity-verification',
    });
    expect(back.stage).toBe('identity-verification');
  });
});

describe('custody exceptions', () => {
  it('records did-not-board and identity-mismatch: 400 naming the field, 403 wrong role or country, 409 wrong stage, repeats answer the first', async () => {
    const { caseId } = json(await register(registrationBody({ custodial: 'KH', receiving: 'CN' })));
    const path = `/api/v1/cases/${caseId}/custody-exceptions`;
    const officerKH = await as('officer', 'KH');
    const officerCN = await as('officer', 'CN');
    const post = (token: string, body: Record<string, unknown>) => call(api.app, 'POST', path, { token, body: { requestId: requestId(), ...body } });

    const early = await post(officerKH, { exception: 'did-not-board', note: 'not at the gate' });
    expect(problemOf(early, 409).detail).toMatch(/not possible in stage screening/);
    const noNote = await post(officerKH, { exception: 'did-not-board' });
    expect(problemOf(noNote, 400).errors).toEqual([expect.objectContaining({ field: 'note' })]);
    const badKind = await post(officerKH, { exception: 'escaped', note: 'x' });
    expect(problemOf(badKind, 400).errors).toEqual([expect.objectContaining({ field: 'exception' })]);

    await act(caseId, 'screening', officerKH, { result: 'cleared' });
    await act(caseId, 'verification', officerCN, { result: 'confirmed', reference: 'CONSULAR-1' });
    for (const country of ['KH', 'CN'] as const) await act(caseId, 'approvals', await as('supervisor', country, 5), { decision: 'approve' });
    const schedule = { agreedDate: new Date(Date.now() + 3_600_000).toISOString(), handoverPoint: 'Phnom Penh airport', transport: 'air', escort: 'police escort' };
    let view = await act(caseId, 'schedule', officerKH, schedule);
    expect(view.allowedActions).toContain('custody-exceptions');

    expect(problemOf(await post(officerCN, { exception: 'did-not-board', note: 'x' }), 403).detail).toMatch(/custodial country/);
    expect(problemOf(await post(await as('legal', 'KH'), { exception: 'did-not-board', note: 'x' }), 403).detail).toMatch(/officer or supervisor/);
    expect(problemOf(await post(officerCN, { exception: 'identity-mismatch', note: 'x' }), 409).detail).toMatch(/not possible in stage scheduling/);

    const body = { requestId: requestId(), exception: 'did-not-board', note: 'taken ill at the gate', reference: 'GATE-7' };
    const first = await call(api.app, 'POST', path, { token: officerKH, body });
    expect(first.statusCode).toBe(200);
    view = json(first);
    expect(view.stage).toBe('scheduling');
    expect(view.schedule).toBeUndefined();
    expect(view.custodyAttempts).toEqual([{ events: [], exception: expect.objectContaining({ exception: 'did-not-board', country: 'KH', note: 'taken ill at the gate' }) }]);
    const repeat = await call(api.app, 'POST', path, { token: officerKH, body });
    expect(repeat.statusCode).toBe(200);
    expect(json(repeat).custodyAttempts).toHaveLength(1);

    await act(caseId, 'schedule', officerKH, schedule);
    await act(caseId, 'custody-events', officerKH, { event: 'released-by-custodial', country: 'KH' });
    expect(problemOf(await post(officerKH, { exception: 'did-not-board', note: 'x' }), 409).detail).toMatch(/not possible in stage in-transfer/);
    view = await act(caseId, 'custody-exceptions', officerCN, { exception: 'identity-mismatch', note: 'fingerprints do not match' });
    expect(view).toMatchObject({ stage: 'identity-verification', approvals: [], custodyEvents: [] });
    expect(view.custodyAttempts.map((a: { exception: { exception: string } }) => a.exception.exception)).toEqual(['did-not-board', 'identity-mismatch']);
    const { events } = json(await call(api.app, 'GET', `/api/v1/cases/${caseId}/timeline`, { token: officerKH }));
    expect(events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['did-not-board', 'identity-mismatch']));
  });
});

describe('logs', () => {
  it('carry request id, caller, route, case id and status, and never a name, birth date, document or token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = buildApp({
      config: api.config,
      client: api.client,
      logger: pino({ level: 'trace' }, sink),
      taskQueue: api.worker.taskQueue,
      namespace: testNamespace(),
      auth: { secret: TEST_JWT_SECRET },
    });
    try {
      const token = await as('officer', 'KH');
      const body = registrationBody();
      body.person = { ...body.person, fullName: 'Zhang Secretname', birthDate: '1987-03-21', documents: [{ type: 'passport', number: 'G12345678', issuingCountry: 'CN' }] };
      const created = await call(app, 'POST', '/api/v1/cases', { token, body, headers: { 'x-request-id': 'log-test-1' } });
      expect(created.statusCode).toBe(201);
      const { caseId } = json(created);
      await call(app, 'POST', `/api/v1/cases/${caseId}/screening`, { token, body: { requestId: requestId(), result: 'cleared', notes: 'Zhang Secretname cooperated' } });
      await call(app, 'POST', '/api/v1/cases', { token, body: { ...body, unknownField: 'Zhang Secretname' } });
      await call(app, 'POST', '/api/v1/cases', { token, body: '{"fullName": "Zhang Secretname", 1987-03-21', headers: { 'content-type': 'application/json' } });
      await call(app, 'GET', `/api/v1/cases/${caseId}`, { token });

      const entries = lines.map((l) => JSON.parse(l));
      expect(entries).toContainEqual(
        expect.objectContaining({ reqId: 'log-test-1', caller: subjectOf('officer', 'KH'), route: '/api/v1/cases', caseId, status: 201 }),
      );
      expect(entries).toContainEqual(expect.objectContaining({ route: '/api/v1/cases/:caseId/screening', caseId, status: 200 }));
      const all = lines.join('');
      for (const secret of ['Secretname', '1987-03-21', 'G12345678', token, 'Bearer']) expect(all).not.toContain(secret);
    } finally {
      await app.close();
    }
  });
});

describe('the API contract', () => {
  it('answered every case and health route with 2xx here, every other documented GET without a 5xx, and nothing with a 500', async () => {
    const doc = json(await call(api.app, 'GET', '/openapi.json'));
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), route: path.replace(/\{(\w+)\}/g, ':$1') })),
    );
    // /readyz answers 200 against the live dev server.
    expect((await call(api.app, 'GET', '/readyz')).statusCode).toBe(200);
    expect((await call(api.app, 'GET', '/healthz')).statusCode).toBe(200);

    // The routes of this API issue: the case routes, one per case action, and the health checks.
    const mine = [
      { method: 'GET', route: '/healthz' },
      { method: 'GET', route: '/readyz' },
      { method: 'POST', route: '/api/v1/cases' },
      { method: 'GET', route: '/api/v1/cases' },
      { method: 'GET', route: '/api/v1/cases/:caseId' },
      { method: 'GET', route: '/api/v1/cases/:caseId/timeline' },
      ...CASE_ACTION_ROUTES.map((a) => ({ method: 'POST', route: `/api/v1/cases/:caseId/${a.segment}` })),
    ];
    expect(documented).toEqual(expect.arrayContaining(mine));
    const isMine = (d: { method: string; route: string }) => mine.some((m) => m.method === d.method && m.route === d.route);
    const missing = mine.filter(
      ({ method, route }) => !api.answered.some((a) => a.method === method && a.route === route && a.status >= 200 && a.status < 300),
    );
    expect(missing).toEqual([]);

    // Routes other parts of Handover add to the app: each documented GET without path parameters,
    // called by a supervisor, must answer without a 5xx (its response schema included).
    const token = await as('supervisor', 'KH');
    for (const { route } of documented.filter((d) => d.method === 'GET' && !isMine(d) && !d.route.includes(':'))) {
      const res = await call(api.app, 'GET', route, { token });
      expect({ route, status: res.statusCode }).toEqual({ route, status: expect.any(Number) });
      expect(res.statusCode).toBeLessThan(500);
    }
    expect(api.answered.filter((a) => a.status >= 500)).toEqual([]);
  });
});
