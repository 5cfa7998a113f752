/**
 * The operations API at its edges: idempotent creation, country scoping (404), roles (403), strict
 * bodies (400 naming the field), refusals by the operation (409), an identity mismatch on arrival,
 * and a completed operation that takes no more requests.
 */
import type { HandoverApp } from '../api/app';
import { call, registrationBody, startApiEnv, tokenFor, type ApiEnv } from './helpers/api';

let api: ApiEnv;
let app: HandoverApp;
const token: Record<string, string> = {};
const RUN = Date.now().toString(36);

beforeAll(async () => {
  api = await startApiEnv({ configEnv: { HANDOVER_RATE_LIMIT: '100000' } });
  app = api.app;
  for (const [role, country] of [
    ['officer', 'KH'],
    ['supervisor', 'KH'],
    ['officer', 'CN'],
    ['supervisor', 'CN'],
    ['officer', 'VN'],
    ['monitor', 'CN'],
  ] as const) {
    token[`${role}${country}`] = await tokenFor(role, country);
  }
});

afterAll(async () => {
  await api?.stop();
});

async function send(method: 'GET' | 'POST', path: string, who: string, body?: unknown) {
  for (let attempt = 1; ; attempt++) {
    const res = await call(app, method, path, { token: token[who], body });
    if (res.statusCode === 503 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    return res;
  }
}

function problem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return JSON.parse(res.body);
}

function ok(res: { statusCode: number; body: string }, status = 200) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return JSON.parse(res.body);
}

const WINDOW = { start: new Date().toISOString(), end: new Date(Date.now() + 86_400_000).toISOString() };
const details = (requestId: string) => ({
  requestId,
  name: 'Bavet convoy',
  custodialCountry: 'KH',
  receivingCountry: 'CN',
  handoverPoint: 'Phnom Penh airport',
  transport: 'air',
  escort: 'police escort',
  window: WINDOW,
  capacity: 10,
});

describe('GET /operations', () => {
  it('lists the operations of the caller\'s country only, filters by status and pages with a signed token', async () => {
    for (const [role, country] of [['officer', 'MM'], ['officer', 'TH']] as const) token[`${role}${country}`] = await tokenFor(role, country);
    const kh = ok(await send('POST', '/api/v1/operations', 'officerKH', details(`list-kh-${RUN}`)), 201);
    const mm = ok(
      await send('POST', '/api/v1/operations', 'officerMM', {
        ...details(`list-mm-${RUN}`),
        name: 'Mae Sot airlift',
        custodialCountry: 'MM',
        transitCountries: ['TH'],
        handoverPoint: 'Mae Sot airport',
      }),
      201,
    );
    const ids = (res: { operations: { operationId: string }[] }) => res.operations.map((o) => o.operationId);
    const listed = async (who: string, query = '') => {
      const res = await send('GET', `/api/v1/operations?pageSize=100${query}`, who);
      return ok(res) as { operations: { operationId: string; status: string; transitCountries: string[] }[]; nextPageToken?: string };
    };
    // Visibility is eventually consistent: wait for both to be listed for China, which receives both.
    let cn = await listed('officerCN');
    for (let i = 0; i < 50 && !(ids(cn).includes(kh.operationId) && ids(cn).includes(mm.operationId)); i++) {
      await new Promise((r) => setTimeout(r, 200));
      cn = await listed('officerCN');
    }
    expect(ids(cn)).toEqual(expect.arrayContaining([kh.operationId, mm.operationId]));
    expect(cn.operations.find((o) => o.operationId === mm.operationId)).toMatchObject({
      status: 'open',
      custodialCountry: 'MM',
      receivingCountry: 'CN',
      transitCountries: ['TH'],
      createdAt: expect.any(String),
    });
    // Thailand sees the one it is transit for, not Cambodia's; Vietnam sees neither.
    const th = ids(await listed('officerTH'));
    expect(th).toContain(mm.operationId);
    expect(th).not.toContain(kh.operationId);
    const vn = ids(await listed('officerVN'));
    expect(vn).not.toContain(mm.operationId);
    expect(vn).not.toContain(kh.operationId);
    expect(ids(await listed('officerCN', '&status=completed'))).not.toContain(kh.operationId);

    // One at a time: the token of the first page reaches a second, different operation.
    const first = ok(await send('GET', '/api/v1/operations?pageSize=1', 'officerCN'));
    expect(first.operations).toHaveLength(1);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = ok(await send('GET', `/api/v1/operations?pageSize=1&pageToken=${first.nextPageToken}`, 'officerCN'));
    expect(second.operations[0].operationId).not.toBe(first.operations[0].operationId);
    // A token is bound to its query and country.
    const foreign = problem(await send('GET', `/api/v1/operations?pageSize=1&pageToken=${first.nextPageToken}`, 'officerVN'), 400);
    expect(foreign.errors.map((e: { field: string }) => e.field)).toEqual(['pageToken']);
    const badStatus = problem(await send('GET', '/api/v1/operations?status=flying', 'officerCN'), 400);
    expect(badStatus.errors.map((e: { field: string }) => e.field)).toContain('status');
    problem(await call(app, 'GET', '/api/v1/operations'), 401);
  });
});

describe('operations API', () => {
  it('creates idempotently, scopes by country, checks roles and bodies', async () => {
    const created = await send('POST', '/api/v1/operations', 'officerKH', details(`edge-${RUN}`));
    const view = ok(created, 201);
    expect(created.headers.location).toBe(`/api/v1/operations/${view.operationId}`);
    expect(view).toMatchObject({ status: 'open', rollUp: { total: 0, pending: 0 }, manifest: { total: 0 } });

    const again = await send('POST', '/api/v1/operations', 'officerKH', details(`edge-${RUN}`));
    expect(ok(again).operationId).toBe(view.operationId);
    expect(again.headers['idempotent-replayed']).toBe('true');
    problem(await send('POST', '/api/v1/operations', 'officerKH', { ...details(`edge-${RUN}`), capacity: 11 }), 409);

    // Created by the custodial country only, by an officer or supervisor.
    problem(await send('POST', '/api/v1/operations', 'officerCN', details(`cn-${RUN}`)), 403);
    problem(await send('POST', '/api/v1/operations', 'monitorCN', { ...details(`m-${RUN}`), custodialCountry: 'CN', receivingCountry: 'KH' }), 403);
    const strict = problem(await send('POST', '/api/v1/operations', 'officerKH', { ...details(`x-${RUN}`), status: 'completed' }), 400);
    expect(strict.errors).toEqual([{ field: 'status', message: 'is not a known field' }]);
    const bad = problem(await send('POST', '/api/v1/operations', 'officerKH', { ...details(`y-${RUN}`), transitCountries: ['KH'], capacity: 0 }), 400);
    expect(bad.errors.map((e: { field: string }) => e.field).sort()).toEqual(['capacity', 'transitCountries.0']);

    const url = `/api/v1/operations/${view.operationId}`;
    ok(await send('GET', url, 'monitorCN')); // receiving country reads
    problem(await send('GET', url, 'officerVN'), 404); // an uninvolved country does not learn it exists
    problem(await send('GET', '/api/v1/operations/operation-KH-20250101-NOSUCHOP00', 'officerKH'), 404);
    problem(await send('GET', '/api/v1/operations/not-an-id', 'officerKH'), 400);
    problem(await send('POST', `${url}/cases`, 'officerVN', { requestId: 'r', action: 'add', caseIds: ['case-KH-2026-ABCDEFGHIJ'] }), 404);
    problem(await send('POST', `${url}/cases`, 'monitorCN', { requestId: 'r', action: 'add', caseIds: ['case-KH-2026-ABCDEFGHIJ'] }), 403);
    // The receiving country sees the operation but does not put its manifest together.
    expect(problem(await send('POST', `${url}/cases`, 'officerCN', { requestId: 'r', action: 'add', caseIds: ['case-KH-2026-ABCDEFGHIJ'] }), 403).detail).toMatch(
      /changing the manifest is for KH/,
    );
    problem(await send('POST', `${url}/cases`, 'officerKH', { requestId: 'r', action: 'add', caseIds: ['case-1'] }), 400);

    // Refusals by the operation itself.
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(problem(await send('POST', `${url}/flights`, 'officerKH', { requestId: 'p', cutOff: new Date().toISOString(), departures: [future] }), 409).detail).toMatch(
      /manifest is empty/,
    );
    expect(
      problem(await send('POST', `${url}/custody-events`, 'officerKH', { requestId: 'c', flightId: 'F01', event: 'released-by-custodial', country: 'KH' }), 409).detail,
    ).toMatch(/no flight or convoy F01/);
    problem(await send('POST', '/api/v1/approvals/bulk', 'officerKH', { caseIds: ['case-KH-2026-ABCDEFGHIJ'], approval: { requestId: 'a', decision: 'approve' } }), 403);
    problem(
      await send('POST', '/api/v1/approvals/bulk', 'supervisorKH', {
        caseIds: Array.from({ length: 1001 }, (_, i) => `case-KH-2026-${String(i).padStart(10, 'A')}`),
        approval: { requestId: 'a', decision: 'approve' },
      }),
      400,
    );
  });

  it('records an identity mismatch on arrival for one person, and completes once every case is closed', async () => {
    const intake = ok(
      await send('POST', '/api/v1/cases/bulk', 'officerKH', [
        registrationBody({ custodial: 'KH', receiving: 'CN', externalReference: `IDM-${RUN}-1` }),
        registrationBody({ custodial: 'KH', receiving: 'CN', externalReference: `IDM-${RUN}-2` }),
      ]),
    );
    const [a, b] = intake.results.map((r: { caseId: string }) => r.caseId) as [string, string];
    const op = ok(await send('POST', '/api/v1/operations', 'officerKH', details(`idm-${RUN}`)), 201);
    const url = `/api/v1/operations/${op.operationId}`;
    ok(await send('POST', `${url}/cases`, 'officerKH', { requestId: 'add', action: 'add', caseIds: [a, b] }));
    for (const id of [a, b]) {
      ok(await send('POST', `/api/v1/cases/${id}/screening`, 'officerKH', { requestId: `s-${id}`, result: 'cleared' }));
      ok(await send('POST', `/api/v1/cases/${id}/verification`, 'officerCN', { requestId: `v-${id}`, result: 'confirmed' }));
    }
    for (const who of ['supervisorKH', 'supervisorCN']) {
      expect(ok(await send('POST', '/api/v1/approvals/bulk', who, { caseIds: [a, b], approval: { requestId: `a-${who}`, decision: 'approve' } })).approved).toBe(2);
    }
    // The same request id again, now saying reject: answered with what the cases recorded, the approval.
    const repeat = ok(
      await send('POST', '/api/v1/approvals/bulk', 'supervisorCN', { caseIds: [a], approval: { requestId: 'a-supervisorCN', decision: 'reject', reason: 'sent again', close: true } }),
    );
    expect(repeat).toMatchObject({ approved: 1, rejected: 0, results: [{ caseId: a, status: 'approved' }] });
    // A cut-off already passed: planned at once, 200 with the flight.
    const plan = ok(
      await send('POST', `${url}/flights`, 'officerKH', {
        requestId: 'plan',
        cutOff: new Date(Date.now() - 1_000).toISOString(),
        departures: [new Date(Date.now() + 3_600_000).toISOString()],
      }),
    );
    expect(plan).toMatchObject({ status: 'done', scheduled: 2, flights: [{ flightId: 'F01', seats: 2 }], leftOut: [] });

    ok(await send('POST', `${url}/custody-events`, 'officerKH', { requestId: 'rel', flightId: 'F01', event: 'released-by-custodial', country: 'KH' }));
    // Received by an officer of CN only, in order, with identity re-checked.
    problem(await send('POST', `${url}/custody-events`, 'officerKH', { requestId: 'rec', flightId: 'F01', event: 'received-by-receiving', country: 'CN', identityRechecked: true }), 403);
    problem(await send('POST', `${url}/custody-events`, 'officerCN', { requestId: 'rec', flightId: 'F01', event: 'received-by-receiving', country: 'CN' }), 422);
    const received = ok(
      await send('POST', `${url}/custody-events`, 'officerCN', {
        requestId: 'rec',
        flightId: 'F01',
        event: 'received-by-receiving',
        country: 'CN',
        identityRechecked: true,
        exceptions: [{ caseId: b, exception: 'identity-mismatch', note: 'fingerprints differ' }],
      }),
    );
    expect(received.results).toEqual([
      { caseId: a, result: 'recorded', outcome: 'handed-over' },
      { caseId: b, result: 'exception', reason: 'identity-mismatch', caseRecorded: true },
    ]);
    let view = ok(await send('GET', `${url}?refresh=true`, 'supervisorCN'));
    expect(view.rollUp).toMatchObject({ total: 2, handedOver: 1, pending: 1 });
    // The person is back in Cambodia's custody and the case in identity verification, which China records again.
    expect(view.manifest.entries.find((e: { caseId: string }) => e.caseId === b)).toMatchObject({
      status: 'blocked',
      stage: 'identity-verification',
      exception: 'identity-mismatch',
    });

    // China withdraws its request for the person it did not take over: every case is closed.
    ok(await send('POST', `/api/v1/cases/${b}/withdraw`, 'supervisorCN', { requestId: 'w', reason: 'identity not confirmed on arrival' }));
    view = ok(await send('GET', `${url}?refresh=true`, 'supervisorKH'));
    expect(view).toMatchObject({ status: 'completed', rollUp: { total: 2, handedOver: 1, withdrawn: 1, pending: 0 } });
    expect(view.completedAt).toEqual(expect.any(String));
    expect(problem(await send('POST', `${url}/cases`, 'officerKH', { requestId: 'late', action: 'add', caseIds: [a] }), 409).detail).toMatch(/completed/);
  });
});
