/**
 * Country scoping: a caller sees and acts only on cases that involve their country. Every role of a
 * third country (VN) against every case endpoint of a KH → CN case gets the same 404 as for a case
 * that does not exist, nothing reaches the case, and no list shows it.
 */
import type { LightMyRequestResponse } from 'fastify';
import { waitFor } from './helpers/ports';
import { call, json, registrationBody, requestId, startApiEnv, tokenFor, type ApiEnv } from './helpers/api';
import { ROLES, type Country } from '../domain/people';

let api: ApiEnv;
let khCase: string;
let transitCase: string;

/** A valid body for every action, so only scoping can refuse it. */
const ACTION_BODIES: Record<string, Record<string, unknown>> = {
  screening: { result: 'cleared' },
  'refoulement-review': { decision: 'proceed', reference: 'REF-1' },
  verification: { result: 'confirmed' },
  'legal-review': { step: 'court-decision', decision: 'extraditable', reference: 'COURT-1' },
  approvals: { decision: 'approve' },
  schedule: { agreedDate: '2030-01-15', handoverPoint: 'Phnom Penh airport', transport: 'air', escort: 'police escort' },
  'custody-events': { event: 'released-by-custodial', country: 'KH' },
  hold: { reason: 'hold' },
  resume: {},
  withdraw: { reason: 'withdrawn' },
  'clock-extensions': { clock: 'immigration-detention', days: 1, decisionReference: 'DEC-1' },
  assignment: { assignee: null },
};

beforeAll(async () => {
  api = await startApiEnv();
  const kh = await tokenFor('officer', 'KH');
  khCase = json(await call(api.app, 'POST', '/api/v1/cases', { token: kh, body: registrationBody({ custodial: 'KH', receiving: 'CN' }) })).caseId;
  const mm = await tokenFor('officer', 'MM');
  transitCase = json(
    await call(api.app, 'POST', '/api/v1/cases', { token: mm, body: registrationBody({ custodial: 'MM', receiving: 'CN', transit: ['TH'] }) }),
  ).caseId;
  // Lists read visibility, which follows the workflow by a moment.
  const monitor = await tokenFor('monitor', 'CN');
  await waitFor(
    async () => {
      const ids = json(await call(api.app, 'GET', '/api/v1/cases?pageSize=100', { token: monitor })).cases.map((c: { caseId: string }) => c.caseId);
      return ids.includes(khCase) && ids.includes(transitCase) ? true : undefined;
    },
    { what: 'both cases in visibility' },
  );
});

afterAll(async () => {
  await api?.stop();
});

function expectNotFound(res: LightMyRequestResponse, where: string) {
  expect({ where, status: res.statusCode }).toEqual({ where, status: 404 });
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const { type, title, detail } = json(res);
  // Exactly the answer for a case that does not exist: nothing to probe.
  expect({ type, title, detail }).toEqual({ type: '/problems/not-found', title: 'Not found', detail: 'No such case' });
}

async function caseIdsFor(token: string, query = ''): Promise<{ caseId: string; custodialCountry: string; receivingCountry: string; transitCountries: string[] }[]> {
  const res = await call(api.app, 'GET', `/api/v1/cases?pageSize=100${query}`, { token });
  expect(res.statusCode).toBe(200);
  return json(res).cases;
}

describe('a third country (VN) against a KH → CN case', () => {
  it.each(ROLES)('%s of VN: every read and every action answers 404, and nothing reaches the case', async (role) => {
    const token = await tokenFor(role, 'VN');
    const before = json(await call(api.app, 'GET', `/api/v1/cases/${khCase}`, { token: await tokenFor('monitor', 'KH') }));

    expectNotFound(await call(api.app, 'GET', `/api/v1/cases/${khCase}`, { token }), 'view');
    expectNotFound(await call(api.app, 'GET', `/api/v1/cases/${khCase}/timeline`, { token }), 'timeline');
    for (const [segment, body] of Object.entries(ACTION_BODIES)) {
      const res = await call(api.app, 'POST', `/api/v1/cases/${khCase}/${segment}`, { token, body: { requestId: requestId(), ...body } });
      expectNotFound(res, segment);
    }

    const after = json(await call(api.app, 'GET', `/api/v1/cases/${khCase}`, { token: await tokenFor('monitor', 'KH') }));
    expect(after.timelineLength).toBe(before.timelineLength);
    expect(after.stage).toBe('screening');

    for (const query of ['', '&country=KH', '&country=CN', '&stage=screening', '&waitingOnMe=true', '&overdue=false']) {
      const rows = await caseIdsFor(token, query);
      expect(rows.map((r) => r.caseId)).not.toContain(khCase);
      for (const row of rows) expect([row.custodialCountry, row.receivingCountry, ...row.transitCountries]).toContain('VN');
    }
  });

  it('answers a foreign case exactly like a missing one', async () => {
    const token = await tokenFor('supervisor', 'VN');
    const foreign = await call(api.app, 'GET', `/api/v1/cases/${khCase}`, { token });
    const missing = await call(api.app, 'GET', '/api/v1/cases/case-KH-2026-ZZZZZZZZZZ', { token });
    const strip = (r: LightMyRequestResponse) => {
      const { instance: _i, requestId: _r, ...rest } = json(r);
      return { status: r.statusCode, ...rest };
    };
    expect(strip(foreign)).toEqual(strip(missing));
  });
});

describe('transit countries', () => {
  it('lets a transit country read the case and find it in its lists; an uninvolved one cannot', async () => {
    const th = await tokenFor('monitor', 'TH');
    expect((await call(api.app, 'GET', `/api/v1/cases/${transitCase}`, { token: th })).statusCode).toBe(200);
    await waitFor(async () => ((await caseIdsFor(th)).some((r) => r.caseId === transitCase) ? true : undefined), { what: 'TH list' });
    const viaFilter = await caseIdsFor(th, '&country=MM');
    expect(viaFilter.map((r) => r.caseId)).toContain(transitCase);
    for (const row of viaFilter) expect([row.custodialCountry, row.receivingCountry, ...row.transitCountries]).toEqual(expect.arrayContaining(['TH', 'MM']));

    for (const country of ['LA', 'KH', 'VN'] as Country[]) {
      const token = await tokenFor('monitor', country);
      expectNotFound(await call(api.app, 'GET', `/api/v1/cases/${transitCase}`, { token }), country);
      expect((await caseIdsFor(token)).map((r) => r.caseId)).not.toContain(transitCase);
    }
  });

  it('keeps the KH → CN case out of Thailand, which is not on its route', async () => {
    const th = await tokenFor('supervisor', 'TH');
    expectNotFound(await call(api.app, 'GET', `/api/v1/cases/${khCase}`, { token: th }), 'TH view');
    expect((await caseIdsFor(th)).map((r) => r.caseId)).not.toContain(khCase);
  });
});
