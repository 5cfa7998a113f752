/**
 * The generated TypeScript client against a real Handover on a port (real worker, real dev server):
 * an arrest registered with an Idempotency-Key and read back, replayed, refused as typed problems, and the
 * README's example run as it is written.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createHandoverClient, type CaseRegistration, type Problem, type ProblemType } from '../clients/typescript';
import { registerScreenAndList } from '../clients/typescript/example';
import { tokenFor } from './helpers/api';
import { eventually, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

let iso: IsolatedApi;
let baseUrl: string;

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'handover-client' });
  const app = await iso.app();
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await iso?.stop();
});

/** A KH → CN arrest as a case system sends it: only the required fields, the rest left to the defaults. */
function arrest(): CaseRegistration {
  return {
    track: 'deportation',
    person: { fullName: 'Client Test Person', sex: 'female', claimedNationality: 'CN' },
    custodialCountry: 'KH',
    receivingCountry: 'CN',
    arrest: { time: new Date(Date.now() - 3_600_000).toISOString(), place: 'Test compound', agency: 'Test police' },
    custodyStatus: 'detention',
    externalReference: `KH-FILE-${randomUUID()}`,
  };
}

/** What a case system does with a problem: it decides on the type (a switch the compiler checks). */
function nextStep(type: ProblemType): 'fix the request' | 'retry later' | 'new token' | 'report' {
  switch (type) {
    case '/problems/unauthenticated':
      return 'new token';
    case '/problems/rate-limited':
    case '/problems/temporal-unavailable':
    case '/problems/overloaded':
    case '/problems/worker-unavailable':
      return 'retry later';
    case '/problems/internal':
      return 'report';
    default:
      return 'fix the request';
  }
}

describe('the generated client against a running Handover', () => {
  it('registers an arrest with an Idempotency-Key, replays it, and reads the case back', async () => {
    const officer = createHandoverClient(baseUrl, { token: await tokenFor('officer', 'KH') });
    const body = arrest();
    const key = `kh-intake-${randomUUID()}`;

    const first = await officer.POST('/api/v1/cases', { params: { header: { 'idempotency-key': key } }, body });
    expect(first.error).toBeUndefined();
    expect(first.response.status).toBe(201);
    const registered = first.data!;
    expect(registered.caseId).toMatch(/^case-KH-\d{4}-[A-Z0-9]+$/);
    // The fields left out arrive as the contract's defaults.
    expect(registered).toMatchObject({
      externalReference: body.externalReference,
      custodialCountry: 'KH',
      receivingCountry: 'CN',
      transitCountries: [],
      charges: [],
      person: { fullName: 'Client Test Person', otherNames: [], documents: [] },
      registeredBy: 'kh-officer-1',
    });

    const replay = await officer.POST('/api/v1/cases', { params: { header: { 'idempotency-key': key } }, body });
    expect(replay.response.status).toBe(200);
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data?.caseId).toBe(registered.caseId);

    // A token answered by a function, as a rotating identity-provider token is: asked before each request.
    let asked = 0;
    const reader = createHandoverClient(baseUrl, { token: async () => { asked += 1; return tokenFor('supervisor', 'CN'); } });
    const read = await reader.GET('/api/v1/cases/{caseId}', { params: { path: { caseId: registered.caseId } } });
    expect(read.error).toBeUndefined();
    expect(asked).toBe(1);
    expect(read.data).toMatchObject({
      caseId: registered.caseId,
      externalReference: body.externalReference,
      person: { fullName: 'Client Test Person', sex: 'female', claimedNationality: 'CN' },
      arrest: body.arrest,
    });
    expect(read.data?.allowedActions).not.toContain('screening');
  });

  it('answers 4xx as typed problems: idempotency conflict, validation error, unknown case, bad token', async () => {
    const officer = createHandoverClient(baseUrl, { token: await tokenFor('officer', 'KH') });
    const key = `kh-intake-${randomUUID()}`;
    expect((await officer.POST('/api/v1/cases', { params: { header: { 'idempotency-key': key } }, body: arrest() })).response.status).toBe(201);

    const conflict = await officer.POST('/api/v1/cases', { params: { header: { 'idempotency-key': key } }, body: arrest() });
    expect(conflict.data).toBeUndefined();
    expect(conflict.response.status).toBe(409);
    expect(conflict.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem: Problem | undefined = conflict.error;
    expect(problem).toMatchObject({ type: '/problems/idempotency-conflict', status: 409, instance: '/api/v1/cases', requestId: expect.any(String) });
    expect(nextStep(problem!.type)).toBe('fix the request');

    const invalid = await officer.GET('/api/v1/cases', { params: { query: { pageToken: 'not a page token' } } });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error).toMatchObject({ type: '/problems/validation-error', status: 400 });
    expect(invalid.error?.errors?.map((e) => e.field)).toEqual(['pageToken']);

    const missing = await officer.GET('/api/v1/cases/{caseId}', { params: { path: { caseId: 'case-KH-2026-ABCDEFGHIJ' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.type).toBe('/problems/not-found');

    const stranger = createHandoverClient(baseUrl, { token: 'not-a-token' });
    const refused = await stranger.GET('/api/v1/cases', {});
    expect(refused.response.status).toBe(401);
    expect(refused.response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(refused.error?.type).toBe('/problems/unauthenticated');
    expect(nextStep(refused.error!.type)).toBe('new token');
  });

  it('pages through listCases with nextPageToken: every case once', async () => {
    const officer = createHandoverClient(baseUrl, { token: await tokenFor('officer', 'KH') });
    const mine: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { data } = await officer.POST('/api/v1/cases', { body: arrest() });
      mine.push(data!.caseId);
    }
    // Lists come from visibility, a moment behind: page until all three are there.
    const { seen, pages } = await eventually(async () => {
      const seen: string[] = [];
      let pages = 0;
      let pageToken: string | undefined;
      do {
        const { data, error } = await officer.GET('/api/v1/cases', { params: { query: { pageSize: 1, pageToken } } });
        if (error) throw new Error(error.type);
        pages += 1;
        seen.push(...data.cases.map((c) => c.caseId));
        pageToken = data.nextPageToken;
      } while (pageToken);
      return mine.every((id) => seen.includes(id)) && { seen, pages };
    }, 'three cases listed');
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it("runs the README's example: register, read, screen with a requestId, list", async () => {
    const token = await tokenFor('officer', 'KH');
    const body = arrest();
    const { caseId, listed } = await registerScreenAndList(baseUrl, token, body);

    const officer = createHandoverClient(baseUrl, { token });
    const { data: view } = await officer.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } });
    expect(view?.externalReference).toBe(body.externalReference);
    expect(view?.screening).toMatchObject({ result: 'cleared', by: 'kh-officer-1' });
    // The earlier tests' cases are visible by now; the new one may still be a moment behind.
    expect(listed.length).toBeGreaterThanOrEqual(4);
    expect(listed.every((id) => id.startsWith('case-KH-'))).toBe(true);

    // A retry after a timeout: the same Idempotency-Key answers the same case, and the screening sent
    // again with its requestId answers the first result without recording it twice.
    const again = await registerScreenAndList(baseUrl, token, body);
    expect(again.caseId).toBe(caseId);
    const repeated = await officer.POST('/api/v1/cases/{caseId}/screening', { params: { path: { caseId } }, body: { requestId: `${caseId}-screening`, result: 'cleared' } });
    expect(repeated.error).toBeUndefined();
    expect(repeated.data?.screening).toEqual(view?.screening);
    const timeline = await officer.GET('/api/v1/cases/{caseId}/timeline', { params: { path: { caseId } } });
    expect(timeline.data?.events.filter((e) => e.requestId === `${caseId}-screening`)).toHaveLength(1);
  });
});
