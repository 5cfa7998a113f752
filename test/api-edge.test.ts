/**
 * The API's edge, where nothing reaches Temporal: tokens, request validation, content types, body
 * limits, rate limits, protection headers, the OpenAPI document, and a Temporal outage (the app's
 * client points at a closed port, so every Temporal call fails as it would in an outage).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startAppWithoutTemporal, call, json, registrationBody, requestId, tokenFor, TEST_JWT_SECRET } from './helpers/api';
import type { HandoverApp } from '../api/app';
import { waitFor } from './helpers/ports';
import { createTokenVerifier } from '../api/auth/verifier';

const CASE_ID = 'case-KH-2026-ABCDEFGHIJ';
let app: HandoverApp;
let stop: () => Promise<void>;
let officerKH: string;

beforeAll(async () => {
  ({ app, stop } = await startAppWithoutTemporal({ HANDOVER_BODY_LIMIT_BYTES: '4096' }));
  officerKH = await tokenFor('officer', 'KH');
});

afterAll(async () => {
  await stop();
});

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.body);
  expect(problem).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
  expect(problem.instance).toEqual(expect.stringMatching(/^\//));
  return problem;
}

function fields(problem: { errors?: { field: string }[] }): string[] {
  return (problem.errors ?? []).map((e) => e.field);
}

describe('tokens', () => {
  const url = '/api/v1/cases';

  it('refuses a request without a token with 401 and a Bearer challenge', async () => {
    const res = await call(app, 'GET', url);
    const problem = expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(problem.detail).toMatch(/Bearer/);
  });

  it('refuses a non-Bearer Authorization header', async () => {
    expectProblem(await call(app, 'GET', url, { headers: { authorization: 'Basic a2g6b2ZmaWNlcg==' } }), 401);
  });

  it('refuses an expired token', async () => {
    const expired = await tokenFor('officer', 'KH', 1, { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInSeconds: 60 });
    expect(expectProblem(await call(app, 'GET', url, { token: expired }), 401).detail).toMatch(/expired/);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({ name: 'x', role: 'admin', country: 'KH' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-of-enough-length-0123456789'));
    expect(expectProblem(await call(app, 'GET', url, { token: forged }), 401).detail).toMatch(/signature/);
  });

  it('refuses alg: none', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
      sub: 'kh-officer-1',
      name: 'x',
      role: 'officer',
      country: 'KH',
      exp: Math.floor(Date.now() / 1000) + 3600,
    })}.`;
    expect(expectProblem(await call(app, 'GET', url, { token: unsigned }), 401).detail).toMatch(/not accepted/);
  });

  it('refuses HS512 even with the right secret (only HS256 with a secret)', async () => {
    const token = await new SignJWT({ name: 'x', role: 'officer', country: 'KH' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('kh-officer-1')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expectProblem(await call(app, 'GET', url, { token }), 401);
  });

  it('refuses a validly signed token whose claims are wrong, naming the claim', async () => {
    const token = await new SignJWT({ name: 'x', role: 'king', country: 'XX' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('kh-officer-1')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const problem = expectProblem(await call(app, 'GET', url, { token }), 401);
    expect(problem.detail).toMatch(/role/);
    expect(problem.detail).toMatch(/country/);
  });

  it('refuses a token without an expiry', async () => {
    const token = await new SignJWT({ name: 'x', role: 'officer', country: 'KH' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('kh-officer-1')
      .setIssuedAt()
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expectProblem(await call(app, 'GET', url, { token }), 401);
  });
});

describe('tokens from an identity provider (JWKS)', () => {
  let server: http.Server;
  let jwksUrl: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function idpToken(claims: { iss?: string; aud?: string; alg?: string } = {}) {
    return new SignJWT({ name: 'IdP user', role: 'supervisor', country: 'TH' })
      .setProtectedHeader({ alg: claims.alg ?? 'ES256', kid: 'idp-1' })
      .setSubject('th-sup-7')
      .setIssuer(claims.iss ?? 'https://idp.example')
      .setAudience(claims.aud ?? 'handover')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
  }

  it('accepts an ES256 token from the key set with the right issuer and audience', async () => {
    const verify = createTokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'handover' });
    await expect(verify(await idpToken())).resolves.toEqual({ id: 'th-sup-7', name: 'IdP user', role: 'supervisor', country: 'TH' });
  });

  it('refuses a wrong issuer or audience, and HS256 tokens when only a key set is configured', async () => {
    const verify = createTokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'handover' });
    await expect(verify(await idpToken({ iss: 'https://other.example' }))).rejects.toThrow(/claim/);
    await expect(verify(await idpToken({ aud: 'another-app' }))).rejects.toThrow(/claim/);
    await expect(verify(await tokenFor('supervisor', 'TH'))).rejects.toThrow(/HS256 are not accepted/);
  });
});

describe('verified-token cache', () => {
  it('accepts a token again without its signature being checked, but never past its exp', async () => {
    const verify = createTokenVerifier({ secret: TEST_JWT_SECRET });
    const shortLived = await tokenFor('supervisor', 'KH', 3, { expiresInSeconds: 2 });
    const caller = await verify(shortLived);
    expect(caller).toMatchObject({ role: 'supervisor', country: 'KH' });
    await expect(verify(shortLived)).resolves.toEqual(caller);
    await new Promise((r) => setTimeout(r, 2_100));
    await expect(verify(shortLived)).rejects.toThrow(/expired/);
  });

  it('does not let a token with another signature in through a cached one', async () => {
    const verify = createTokenVerifier({ secret: TEST_JWT_SECRET });
    const token = await tokenFor('officer', 'TH');
    await verify(token);
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verify(tampered)).rejects.toThrow(/signature/);
  });
});

describe('request validation', () => {
  it('answers malformed JSON with 400 without echoing the body', async () => {
    const res = await call(app, 'POST', '/api/v1/cases', {
      token: officerKH,
      body: '{"person": {"fullName": "Secret Name",',
      headers: { 'content-type': 'application/json' },
    });
    const problem = expectProblem(res, 400);
    expect(problem.type).toBe('/problems/malformed-json');
    expect(fields(problem)).toEqual(['body']);
    expect(res.body).not.toContain('Secret Name');
  });

  it('answers a wrong content type with 415', async () => {
    const res = await call(app, 'POST', '/api/v1/cases', {
      token: officerKH,
      body: 'track=deportation',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415);
    const plain = await call(app, 'POST', `/api/v1/cases/${CASE_ID}/resume`, {
      token: officerKH,
      body: JSON.stringify({ requestId: requestId() }),
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(plain, 415);
  });

  it('answers an empty JSON body with 400 naming the body', async () => {
    const res = await call(app, 'POST', `/api/v1/cases/${CASE_ID}/resume`, {
      token: officerKH,
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(fields(expectProblem(res, 400))).toEqual(['body']);
  });

  it('answers a body over the limit with 413', async () => {
    const body = registrationBody();
    body.person.otherNames = Array.from({ length: 20 }, () => 'x'.repeat(200));
    expectProblem(await call(app, 'POST', '/api/v1/cases', { token: officerKH, body }), 413);
  });

  it('rejects unknown fields, so server-owned fields cannot be injected', async () => {
    const body = { ...registrationBody(), stage: 'closed', outcome: 'handed-over', caseId: CASE_ID };
    body.person.nationalIdHash = 'x';
    const problem = expectProblem(await call(app, 'POST', '/api/v1/cases', { token: officerKH, body }), 400);
    expect(fields(problem)).toEqual(expect.arrayContaining(['stage', 'outcome', 'caseId', 'person.nationalIdHash']));
  });

  it('rejects an actor in an action body (the actor is the token)', async () => {
    const res = await call(app, 'POST', `/api/v1/cases/${CASE_ID}/screening`, {
      token: officerKH,
      body: { requestId: requestId(), result: 'cleared', actor: { id: 'someone-else', role: 'supervisor', country: 'KH' } },
    });
    expect(fields(expectProblem(res, 400))).toEqual(['actor']);
  });

  it('names bad dates', async () => {
    const body = registrationBody();
    body.person.birthDate = '1990-02-30';
    body.arrest.time = 'yesterday';
    const problem = expectProblem(await call(app, 'POST', '/api/v1/cases', { token: officerKH, body }), 400);
    expect(fields(problem)).toEqual(expect.arrayContaining(['person.birthDate', 'arrest.time']));
    expect(problem.detail).not.toContain('Test Person');

    const future = registrationBody();
    future.arrest.time = new Date(Date.now() + 86_400_000).toISOString();
    future.person.birthDate = '2999-01-01';
    const futureProblem = expectProblem(await call(app, 'POST', '/api/v1/cases', { token: officerKH, body: future }), 400);
    expect(fields(futureProblem)).toEqual(expect.arrayContaining(['person.birthDate', 'arrest.time']));
  });

  it('names bad country codes', async () => {
    const body = { ...registrationBody(), receivingCountry: 'XX', transitCountries: ['TH', 'ZZ'] };
    body.person.claimedNationality = 'china';
    const problem = expectProblem(await call(app, 'POST', '/api/v1/cases', { token: officerKH, body }), 400);
    expect(fields(problem)).toEqual(expect.arrayContaining(['receivingCountry', 'transitCountries.1', 'person.claimedNationality']));
  });

  it('refuses a receiving country equal to the custodial one and a transit country listed twice', async () => {
    const body = { ...registrationBody(), receivingCountry: 'KH', transitCountries: ['TH', 'TH'] };
    const problem = expectProblem(await call(app, 'POST', '/api/v1/cases', { token: officerKH, body }), 400);
    expect(fields(problem)).toEqual(expect.arrayContaining(['receivingCountry', 'transitCountries.1']));
  });

  it('names missing fields of an action and an incomplete rejection', async () => {
    const missing = await call(app, 'POST', `/api/v1/cases/${CASE_ID}/screening`, { token: officerKH, body: { result: 'cleared' } });
    expect(fields(expectProblem(missing, 400))).toEqual(['requestId']);
    const supervisor = await tokenFor('supervisor', 'KH');
    const reject = await call(app, 'POST', `/api/v1/cases/${CASE_ID}/approvals`, {
      token: supervisor,
      body: { requestId: requestId(), decision: 'reject', reason: 'documents missing' },
    });
    expect(fields(expectProblem(reject, 400))).toEqual(['returnTo']);
    const step = await call(app, 'POST', `/api/v1/cases/${CASE_ID}/legal-review`, {
      token: supervisor,
      body: { requestId: requestId(), step: 'appeal', reference: 'X' },
    });
    expect(fields(expectProblem(step, 400))).toEqual(['step']);
  });

  it('validates the list query and the case id', async () => {
    const list = await call(app, 'GET', '/api/v1/cases?pageSize=1000&stage=nowhere&secret=1', { token: officerKH });
    expect(fields(expectProblem(list, 400))).toEqual(expect.arrayContaining(['pageSize', 'stage', 'secret']));
    const id = await call(app, 'GET', '/api/v1/cases/not-a-case', { token: officerKH });
    expect(fields(expectProblem(id, 400))).toEqual(['caseId']);
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await call(app, 'GET', '/api/v1/nowhere', { token: officerKH }), 404);
  });
});

describe('roles checked before Temporal', () => {
  it('lets only an officer of the custodial country register', async () => {
    const monitor = await tokenFor('monitor', 'KH');
    expectProblem(await call(app, 'POST', '/api/v1/cases', { token: monitor, body: registrationBody() }), 403);
    const thOfficer = await tokenFor('officer', 'TH');
    const problem = expectProblem(await call(app, 'POST', '/api/v1/cases', { token: thOfficer, body: registrationBody({ custodial: 'KH' }) }), 403);
    expect(problem.detail).toMatch(/TH/);
  });
});

describe('Temporal outage', () => {
  it('keeps /healthz at 200', async () => {
    const res = await call(app, 'GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503, a reason and Retry-After, quickly', async () => {
    const started = Date.now();
    const res = await call(app, 'GET', '/readyz');
    const problem = expectProblem(res, 503);
    expect(res.headers['retry-after']).toBe('5');
    expect(problem.detail).toMatch(/namespace .* does not answer \(\w+/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers case routes with 503 and Retry-After, never a 500', async () => {
    const responses = await Promise.all([
      call(app, 'GET', `/api/v1/cases/${CASE_ID}`, { token: officerKH }),
      call(app, 'GET', '/api/v1/cases', { token: officerKH }),
      call(app, 'POST', '/api/v1/cases', { token: officerKH, body: registrationBody() }),
      call(app, 'POST', `/api/v1/cases/${CASE_ID}/screening`, { token: officerKH, body: { requestId: requestId(), result: 'cleared' } }),
    ]);
    for (const res of responses) {
      const problem = expectProblem(res, 503);
      expect(res.headers['retry-after']).toBe('5');
      expect(problem.type).toBe('/problems/temporal-unavailable');
      expect(res.body).not.toMatch(/at .*\.js:\d+/);
    }
  });
});

describe('protection', () => {
  it('sets helmet headers and a request id on every answer', async () => {
    const res = await call(app, 'GET', '/healthz', { headers: { 'x-request-id': 'trace-42' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-request-id']).toBe('trace-42');
    const problem = expectProblem(await call(app, 'GET', '/api/v1/cases'), 401);
    expect(problem.requestId).toEqual(expect.any(String));
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/cases',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows configured CORS origins only', async () => {
    const withCors = await startAppWithoutTemporal({ HANDOVER_CORS_ORIGINS: 'https://dashboard.example' });
    try {
      const ok = await withCors.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/cases',
        headers: { origin: 'https://dashboard.example', 'access-control-request-method': 'POST' },
      });
      expect(ok.headers['access-control-allow-origin']).toBe('https://dashboard.example');
      const other = await withCors.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/cases',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await withCors.stop();
    }
  });

  it('rate limits per token subject, not per address, and never the health routes', async () => {
    const limited = await startAppWithoutTemporal({ HANDOVER_RATE_LIMIT: '3' });
    try {
      const first = await tokenFor('officer', 'KH', 1);
      const second = await tokenFor('officer', 'KH', 2);
      const invalid = { token: first, body: { not: 'a registration' } };
      for (let i = 0; i < 3; i++) expect((await call(limited.app, 'POST', '/api/v1/cases', invalid)).statusCode).toBe(400);
      const over = await call(limited.app, 'POST', '/api/v1/cases', invalid);
      expectProblem(over, 429);
      expect(over.headers['retry-after']).toBeDefined();
      // Same address, another subject: its own budget.
      expect((await call(limited.app, 'POST', '/api/v1/cases', { ...invalid, token: second })).statusCode).toBe(400);
      for (let i = 0; i < 5; i++) expect((await call(limited.app, 'GET', '/healthz')).statusCode).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it("does not count the workbench's hashed files against an address's budget, only its other requests", async () => {
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-web-root-'));
    fs.mkdirSync(path.join(webRoot, 'assets'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Handover</title>');
    fs.writeFileSync(path.join(webRoot, 'assets', 'index-abc123.js'), 'export {};');
    const limited = await startAppWithoutTemporal({ HANDOVER_RATE_LIMIT: '3' }, { webRoot });
    try {
      // A whole office loading the workbench from one address: many chunks, never refused.
      for (let i = 0; i < 20; i++) expect((await call(limited.app, 'GET', '/assets/index-abc123.js')).statusCode).toBe(200);
      // The same address keeps its budget for what is counted, and is refused past it.
      for (let i = 0; i < 3; i++) expect((await call(limited.app, 'GET', '/openapi.json')).statusCode).toBe(200);
      expectProblem(await call(limited.app, 'GET', '/openapi.json'), 429);
    } finally {
      await limited.stop();
      fs.rmSync(webRoot, { recursive: true, force: true });
    }
  });
});

describe('load shedding', () => {
  it("sheds API requests with a 503 problem under event-loop pressure, and keeps the health routes and the workbench's files", async () => {
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-web-root-'));
    fs.mkdirSync(path.join(webRoot, 'assets'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Handover</title>');
    fs.writeFileSync(path.join(webRoot, 'assets', 'index-abc123.js'), 'export {};');
    // Any measurable event-loop delay counts as pressure here.
    const pressed = await startAppWithoutTemporal({}, { maxEventLoopDelayMs: 0.001, webRoot });
    try {
      const res = await waitFor(
        async () => {
          // Without pressure this answers 400 (the body is invalid) before anything reaches Temporal.
          const answer = await call(pressed.app, 'POST', '/api/v1/cases', { token: officerKH, body: { not: 'a case' } });
          return answer.statusCode === 503 ? answer : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 100, what: 'load shedding' },
      );
      expect(expectProblem(res, 503).type).toBe('/problems/overloaded');
      expect(res.headers['retry-after']).toBe('5');
      expect((await call(pressed.app, 'GET', '/healthz')).statusCode).toBe(200);
      // The officer still gets the workbench, which says itself that the API is busy.
      for (const url of ['/', '/cases?stage=approvals', '/assets/index-abc123.js']) expect([url, (await call(pressed.app, 'GET', url)).statusCode]).toEqual([url, 200]);
      expect((await call(pressed.app, 'POST', '/api/v1/cases', { token: officerKH, body: { not: 'a case' } })).statusCode).toBe(503);
      // A server path that reaches the page's catch-all route is still shed.
      expect((await call(pressed.app, 'GET', '/api/v1/no-such-route')).statusCode).toBe(503);
    } finally {
      await pressed.stop();
      fs.rmSync(webRoot, { recursive: true, force: true });
    }
  });
});

describe('OpenAPI', () => {
  it('serves the document with every case route and the docs page', async () => {
    const res = await call(app, 'GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = json(res);
    expect(doc.openapi).toMatch(/^3\.1/);
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/cases',
      '/api/v1/cases/{caseId}',
      '/api/v1/cases/{caseId}/timeline',
      '/api/v1/cases/{caseId}/screening',
      '/api/v1/cases/{caseId}/refoulement-review',
      '/api/v1/cases/{caseId}/verification',
      '/api/v1/cases/{caseId}/legal-review',
      '/api/v1/cases/{caseId}/approvals',
      '/api/v1/cases/{caseId}/schedule',
      '/api/v1/cases/{caseId}/custody-events',
      '/api/v1/cases/{caseId}/hold',
      '/api/v1/cases/{caseId}/resume',
      '/api/v1/cases/{caseId}/withdraw',
      '/api/v1/cases/{caseId}/clock-extensions',
      '/healthz',
      '/readyz',
    ]) {
      expect(paths).toContain(p);
    }
    expect(doc.components.schemas).toHaveProperty('CaseView');
    expect(doc.components.schemas).toHaveProperty('Problem');
    const docs = await call(app, 'GET', '/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });
});
