/**
 * The workbench session without a browser: where sign-in methods exist (demo identities only in the
 * embedded default, never with TEMPORAL_ADDRESS or in the production image), the cookie's attributes,
 * sessions opened by every replica and after a restart, secret rotation, idle and absolute lifetimes,
 * CSRF on cookie requests, the same principal by cookie and by Bearer token, claim mapping, refused
 * configuration, and return paths that never leave the site.
 */
import type { FastifyRequest } from 'fastify';
import { mapClaims, parseValueMap, type ClaimMapping } from '../api/auth/claim-mapping';
import { CookieSessions } from '../api/auth/cookie-session';
import { signInFromConfig } from '../api/auth/sign-in-config';
import { safeReturnTo } from '../api/routes/auth';
import { ConfigError } from '../config/env';
import { COUNTRIES, ROLES } from '../domain/people';
import { json, startAppWithoutTemporal, TEST_SESSION_SECRET, testConfig, testSignIn, tokenFor } from './helpers/api';

type Started = Awaited<ReturnType<typeof startAppWithoutTemporal>>;
const started: Started[] = [];
async function appWith(signIn = testSignIn()): Promise<Started['app']> {
  const s = await startAppWithoutTemporal({}, { signIn });
  started.push(s);
  return s.app;
}
afterAll(async () => {
  for (const s of started) await s.stop();
});

const SAME_ORIGIN = { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' };

async function demoCookie(app: Started['app'], identity = 'mm-officer-1'): Promise<{ cookie: string; setCookie: string; csrf: string }> {
  const res = await app.inject({ method: 'POST', url: '/auth/demo', headers: SAME_ORIGIN, payload: { identity } });
  expect(res.statusCode).toBe(200);
  const setCookie = String(res.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0], setCookie, csrf: json<{ csrfToken: string }>(res).csrfToken };
}

describe('where the demo identities exist', () => {
  it('only in the embedded default: not with TEMPORAL_ADDRESS, not in the production image', async () => {
    expect(signInFromConfig(testConfig(), {}).demoIdentities).toBe(true);
    expect(signInFromConfig(testConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }), {}).demoIdentities).toBe(false);
    expect(signInFromConfig(testConfig(), { NODE_ENV: 'production' }).demoIdentities).toBe(false);

    const production = await appWith(signInFromConfig(testConfig({ TEMPORAL_ADDRESS: 'temporal:7233', HANDOVER_SESSION_SECRET: TEST_SESSION_SECRET }), {}));
    const refused = await production.inject({ method: 'POST', url: '/auth/demo', headers: SAME_ORIGIN, payload: { identity: 'mm-officer-1' } });
    expect(refused.statusCode).toBe(404);
    expect(json(await production.inject({ method: 'GET', url: '/auth/session' }))).toEqual({ signedIn: false, signInMethods: { provider: false } });

    const embedded = await appWith();
    const session = json(await embedded.inject({ method: 'GET', url: '/auth/session' }));
    expect(session.signInMethods.demo).toHaveLength(ROLES.length * COUNTRIES.length);
    const unknown = await embedded.inject({ method: 'POST', url: '/auth/demo', headers: SAME_ORIGIN, payload: { identity: 'mm-officer-7' } });
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown).errors).toEqual([{ field: 'identity', message: 'is not a demo identity' }]);
  });
});

describe('the session cookie', () => {
  it('is __Host-, Secure, HttpOnly, SameSite=Lax and Path=/ on https; plain names only for http on loopback', async () => {
    const https = await appWith(signInFromConfig(testConfig({ HANDOVER_PUBLIC_URL: 'https://handover.example.org', HANDOVER_SESSION_SECRET: TEST_SESSION_SECRET }), {}));
    const { setCookie } = await demoCookie(https);
    expect(setCookie).toMatch(/^__Host-handover-session=v1\.[A-Za-z0-9_-]+; /);
    expect(setCookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Lax', 'Secure']);
    const http = await demoCookie(await appWith());
    expect(http.setCookie).toMatch(/^handover-session=/);
    expect(http.setCookie).not.toMatch(/Secure/);
    expect(() => signInFromConfig(testConfig({ HANDOVER_PUBLIC_URL: 'http://handover.example.org' }), {})).toThrow(ConfigError);
  });

  it('opens on every replica that shares the secret, after a restart, and after the secret is rotated', async () => {
    const first = await appWith();
    const { cookie } = await demoCookie(first);
    const me = async (app: Started['app']) => (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode;
    const replica = await appWith();
    expect(await me(replica)).toBe(200);
    await first.close();
    expect(await me(await appWith())).toBe(200);
    const rotated = testSignIn({ session: { ...testSignIn().session, secrets: ['a-new-session-secret-of-enough-length-0123', TEST_SESSION_SECRET] } });
    expect(await me(await appWith(rotated))).toBe(200);
    const stranger = await appWith(testSignIn({ session: { ...testSignIn().session, secrets: ['another-deployment-secret-0123456789abcdef'] } }));
    const refused = await stranger.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(refused.statusCode).toBe(401);
    expect(String(refused.headers['set-cookie'])).toMatch(/^handover-session=; .*Max-Age=0/);
  });

  it('ends after its idle time and at its absolute lifetime, whichever comes first', () => {
    const sessions = new CookieSessions({ secrets: [TEST_SESSION_SECRET], secure: false, idleSeconds: 600, absoluteSeconds: 3600 });
    const headers: Record<string, string> = {};
    const reply = { getHeader: (n: string) => headers[n], header: (n: string, v: string[]) => (headers[n] = v.join('\n')) };
    const started = sessions.start({ id: 'mm-officer-1', name: 'Demo', role: 'officer', country: 'MM' }, 'demo', 1_000_000);
    sessions.write(reply as never, started);
    const request = { headers: { cookie: headers['set-cookie'].split(';')[0] } } as FastifyRequest;
    expect(sessions.read(request, 1_000_599)).toMatchObject({ ok: true });
    expect(sessions.read(request, 1_000_600)).toEqual({ ok: false, why: 'idle' });
    // Used every few minutes, it still ends at the absolute lifetime.
    sessions.write(reply as never, { ...started, seenAt: 1_003_500 });
    const touched = { headers: { cookie: headers['set-cookie'].split(';')[0] } } as FastifyRequest;
    expect(sessions.read(touched, 1_003_599)).toMatchObject({ ok: true });
    expect(sessions.read(touched, 1_003_600)).toEqual({ ok: false, why: 'expired' });
    // A cookie changed by one character is not a session.
    const tampered = { headers: { cookie: `${headers['set-cookie'].split(';')[0].slice(0, -2)}xx` } } as FastifyRequest;
    expect(sessions.read(tampered, 1_003_500)).toEqual({ ok: false, why: 'invalid' });
  });

  it('refuses a POST without its CSRF header or from another site; Bearer requests need neither', async () => {
    const app = await appWith();
    const { cookie, csrf } = await demoCookie(app);
    const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie, ...headers }, payload: {} });
    expect(json(await post({})).type).toBe('/problems/csrf-refused');
    expect(json(await post({ 'x-csrf-token': 'not-the-token-of-this-session0000' })).type).toBe('/problems/csrf-refused');
    expect(json(await post({ 'x-csrf-token': csrf, origin: 'https://elsewhere.example', host: '127.0.0.1:3000' })).type).toBe('/problems/csrf-refused');
    expect((await post({ 'x-csrf-token': csrf, ...SAME_ORIGIN })).statusCode).toBe(400);
    // Behind a TLS proxy that rewrites Host, the browser's Origin is the public URL: still ours.
    expect((await post({ 'x-csrf-token': csrf, origin: 'http://127.0.0.1', host: 'api:3000' })).statusCode).toBe(400);
    const bearer = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${await tokenFor('officer', 'MM')}` }, payload: {} });
    expect(bearer.statusCode).toBe(400);
    // Sign-out on a session is a state change too.
    expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } })).statusCode).toBe(403);
    const out = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(json(out)).toEqual({ redirectTo: '/signin' });
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
  });

  it('gives the same principal as a Bearer token of the same person', async () => {
    const app = await appWith();
    const { cookie } = await demoCookie(app, 'th-supervisor-1');
    const byCookie = json(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }));
    const byToken = json(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${await tokenFor('supervisor', 'TH')}` } }));
    expect({ ...byCookie, name: undefined }).toEqual({ ...byToken, name: undefined });
  });
});

describe('claims to role and country', () => {
  const keycloak: ClaimMapping = {
    roleClaim: 'realm_access.roles',
    roleMap: parseValueMap('handover-officer=officer,handover-supervisor=supervisor', ROLES, 'HANDOVER_ROLE_MAP'),
    countryClaim: 'handover_country',
    countryMap: new Map(),
    nameClaims: ['name', 'preferred_username'],
  };

  it('reads dotted paths and arrays, ignores values outside the map, and never guesses', () => {
    expect(mapClaims({ sub: 'u1', preferred_username: 'aung', realm_access: { roles: ['offline_access', 'handover-officer'] }, handover_country: 'MM' }, keycloak)).toEqual({
      ok: true,
      caller: { id: 'u1', name: 'aung', role: 'officer', country: 'MM' },
    });
    expect(mapClaims({ sub: 'u1', realm_access: { roles: ['handover-auditor'] }, handover_country: 'MM' }, keycloak)).toEqual({ ok: false, reason: 'no-role' });
    expect(mapClaims({ sub: 'u1', realm_access: { roles: ['handover-officer', 'handover-supervisor'] }, handover_country: 'MM' }, keycloak)).toEqual({ ok: false, reason: 'several-roles' });
    expect(mapClaims({ sub: 'u1', realm_access: { roles: ['handover-officer'] }, handover_country: 'XX' }, keycloak)).toEqual({ ok: false, reason: 'no-country' });
    expect(mapClaims({ sub: 'u1', realm_access: { roles: 'handover-officer' }, handover_country: ['MM', 'TH'] }, keycloak)).toEqual({ ok: false, reason: 'several-countries' });
    // Entra ID and Auth0 name claims with URLs: a literal dotted name is read as it is.
    const entra: ClaimMapping = { ...keycloak, roleClaim: 'https://handover.example.org/roles', roleMap: new Map(), countryClaim: 'ctry' };
    expect(mapClaims({ sub: 'u2', name: 'Dara', 'https://handover.example.org/roles': ['legal'], ctry: 'KH' }, entra)).toMatchObject({ ok: true, caller: { role: 'legal', country: 'KH' } });
  });

  it('refuses a configuration it cannot apply, naming the variable and never echoing a secret', () => {
    const oidc = { HANDOVER_OIDC_ISSUER: 'https://id.example.org/realms/police', HANDOVER_OIDC_CLIENT_ID: 'handover', HANDOVER_OIDC_CLIENT_SECRET: 'client-secret-value' };
    const refusal = (env: Record<string, string>) => {
      try {
        signInFromConfig(testConfig(env), {});
        return undefined;
      } catch (err) {
        return err instanceof ConfigError ? { variable: err.variable, message: err.message } : String(err);
      }
    };
    expect(refusal({ ...oidc, HANDOVER_ROLE_MAP: 'handover-officer=captain' })).toMatchObject({ variable: 'HANDOVER_ROLE_MAP' });
    expect(refusal({ ...oidc, HANDOVER_OIDC_CLIENT_SECRET: '' })).toMatchObject({ variable: 'HANDOVER_OIDC_CLIENT_SECRET' });
    expect(refusal({ ...oidc, HANDOVER_OIDC_SCOPES: 'profile' })).toMatchObject({ variable: 'HANDOVER_OIDC_SCOPES' });
    expect(refusal({ ...oidc, TEMPORAL_ADDRESS: 'temporal:7233' })).toMatchObject({ variable: 'HANDOVER_SESSION_SECRET' });
    expect(refusal({ ...oidc, HANDOVER_OIDC_ISSUER: 'http://id.example.org' })).toMatchObject({ variable: 'HANDOVER_OIDC_ISSUER' });
    expect(JSON.stringify(refusal({ ...oidc, HANDOVER_ROLE_MAP: 'x' }))).not.toContain('client-secret-value');
    expect(refusal(oidc)).toBeUndefined();
  });
});

describe('the page to return to after sign-in', () => {
  it('is a path of this site only', () => {
    expect(safeReturnTo('/cases?stage=approvals')).toBe('/cases?stage=approvals');
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'cases', '/auth/logout', undefined, 42, `/${'x'.repeat(2100)}`]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});
