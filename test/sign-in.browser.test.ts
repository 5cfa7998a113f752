/// <reference lib="dom" />
/**
 * Sign-in with a real OpenID provider (test/oidc/provider.mjs) through Chromium, as against a ministry's
 * Keycloak or authentik: the full round trip and back to the page asked for, two providers' claim shapes,
 * every refusal (wrong state, a replayed code, an ID token for another audience or from an unknown issuer,
 * a role outside the map or two roles) ending on an explained page without a session and logged without
 * personal data, sign-out through the provider, a session that ends mid-form and resumes after signing in
 * again in a small window, a cross-site form post, the provider rotating its key, and tokens refreshed on
 * the server until the provider stops honouring them. The apps run as the production shape does
 * (TEMPORAL_ADDRESS set): no demo identities.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp, type HandoverApp } from '../api/app';
import { signInFromConfig } from '../api/auth/sign-in-config';
import { TEST_APP_TIMING, TEST_JWT_SECRET, TEST_SESSION_SECRET, testConfig } from './helpers/api';
import { CHROMIUM, screenshot, seriousAxeViolations } from './helpers/browser';
import { startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';
import { freePort, OIDC_CLIENT_SECRET, startTestProvider, type TestProvider } from './helpers/oidc';

const WEB_DIST = path.resolve(__dirname, '..', 'web', 'dist');
const ACCESS_TOKEN_SECONDS = 4;

interface SignInApp {
  app: HandoverApp;
  origin: string;
  logs: string[];
}

let iso: IsolatedApi;
let provider: TestProvider;
let browser: Browser;
let webRoot: string;
let keycloak: SignInApp;
let authentik: SignInApp;
const contexts: BrowserContext[] = [];

/** One app as production runs it, signing in at the test provider with one provider's claim shape. */
async function startApp(port: number, clientId: string, claims: Record<string, string>): Promise<SignInApp> {
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    TEMPORAL_ADDRESS: 'temporal.invalid:7233',
    HANDOVER_PUBLIC_URL: origin,
    HANDOVER_SESSION_SECRET: TEST_SESSION_SECRET,
    HANDOVER_OIDC_ISSUER: provider.issuer,
    HANDOVER_OIDC_CLIENT_ID: clientId,
    HANDOVER_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
    HANDOVER_OIDC_SCOPES: 'openid profile handover',
    ...claims,
  };
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const config = testConfig(env);
  const app = buildApp({
    config,
    client: iso.client,
    logger: pino({ level: 'info' }, stream),
    taskQueue: iso.taskQueue,
    namespace: iso.namespace,
    auth: { secret: TEST_JWT_SECRET },
    signIn: signInFromConfig(config, {}),
    webRoot,
    ...TEST_APP_TIMING,
  });
  await app.listen({ host: '127.0.0.1', port });
  return { app, origin, logs };
}

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'handover-sign-in' });
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-web-'));
  fs.cpSync(WEB_DIST, webRoot, { recursive: true });
  const [kcPort, akPort] = [await freePort(), await freePort()];
  provider = await startTestProvider({
    clients: [
      { clientId: 'handover', origin: `http://127.0.0.1:${kcPort}` },
      { clientId: 'handover-authentik', origin: `http://127.0.0.1:${akPort}` },
    ],
    accessTokenSeconds: ACCESS_TOKEN_SECONDS,
  });
  keycloak = await startApp(kcPort, 'handover', {
    HANDOVER_ROLE_CLAIM: 'realm_access.roles',
    HANDOVER_ROLE_MAP: 'handover-officer=officer,handover-supervisor=supervisor,handover-legal=legal,handover-monitor=monitor',
    HANDOVER_COUNTRY_CLAIM: 'handover_country',
  });
  authentik = await startApp(akPort, 'handover-authentik', {
    HANDOVER_ROLE_CLAIM: 'groups',
    HANDOVER_ROLE_MAP: 'handover-officers=officer,handover-legal=legal',
    HANDOVER_COUNTRY_CLAIM: 'groups',
    HANDOVER_COUNTRY_MAP: 'country-kh=KH,country-la=LA',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await keycloak?.app.close();
  await authentik?.app.close();
  await provider?.stop();
  await iso?.stop();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Bangkok' });
  contexts.push(context);
  return context.newPage();
}

/** The provider's own login form (any password): the person types their account name. */
async function providerLogin(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('correct horse battery staple');
  await page.locator('button[type="submit"]').click();
}

async function signInThroughProvider(page: Page, app: SignInApp, login: string, pathAsked = '/cases'): Promise<void> {
  await page.goto(`${app.origin}${pathAsked}`);
  await page.getByTestId('signin-provider').click();
  await providerLogin(page, login);
}

async function sessionOf(page: Page): Promise<{ signedIn: boolean; me?: { id: string; role: string; country: string } }> {
  return page.evaluate(async () => (await fetch('/auth/session')).json());
}

async function sessionCookies(page: Page): Promise<string[]> {
  return (await page.context().cookies()).filter((c) => c.name.startsWith('handover-')).map((c) => c.name);
}

/** Ends on /signin?error=<reason>, explained, with no session and no login cookie left behind. */
async function expectRefused(page: Page, reason: string): Promise<void> {
  await page.waitForURL(`**/signin?error=${reason}`);
  await expect(page.getByTestId('signin-failure').getAttribute('data-reason')).resolves.toBe(reason);
  await expect(sessionCookies(page)).resolves.toEqual([]);
  await expect(sessionOf(page)).resolves.toMatchObject({ signedIn: false });
}

describe('signing in with the identity provider', () => {
  it('goes to the provider and back to the page asked for, with a sealed HttpOnly session and no token in the browser', async () => {
    const page = await newPage();
    await page.goto(`${keycloak.origin}/cases?stage=approvals`);
    // The production shape offers the provider only: no demo identities.
    await expect(page.locator('[data-testid^="demo-"]').count()).resolves.toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-signin-provider');
    await page.getByTestId('signin-provider').click();
    expect(new URL(page.url()).origin).toBe(provider.issuer);
    await providerLogin(page, 'kc-officer-mm');
    await page.getByTestId('whoami').waitFor();
    expect(page.url()).toBe(`${keycloak.origin}/cases?stage=approvals`);
    await expect(page.getByTestId('whoami').textContent()).resolves.toMatch(/Officer Aung · case officer · Myanmar/);

    // Cookies are per host, not per port: the provider's own cookies on 127.0.0.1 sit beside ours.
    const cookies = (await page.context().cookies(keycloak.origin)).filter((c) => c.name.startsWith('handover-'));
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: 'handover-session', httpOnly: true, sameSite: 'Lax' }]);
    expect(cookies[0].value).not.toMatch(/eyJ|kc-officer-mm|Aung/);
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))).not.toMatch(/eyJ/);
    await expect(page.evaluate(async () => (await fetch('/api/v1/me')).json())).resolves.toEqual({ id: 'kc-officer-mm', name: 'Officer Aung', role: 'officer', country: 'MM' });
    expect(keycloak.logs.join('')).toMatch(/"msg":"signed in"/);
  });

  it("maps a second provider's claim shape (roles and country both in groups) without code changes", async () => {
    const page = await newPage();
    await signInThroughProvider(page, authentik, 'ak-legal-la', '/inbox');
    await page.getByTestId('whoami').waitFor();
    await expect(page.getByTestId('whoami').textContent()).resolves.toMatch(/Legal Officer Keo · legal officer · Laos/);
  });

  it('refuses a role outside the map and two roles, explaining each, without a session', async () => {
    const noRole = await newPage();
    await signInThroughProvider(noRole, keycloak, 'kc-auditor-th');
    await expectRefused(noRole, 'no-role');
    await expect(noRole.getByTestId('signin-failure').textContent()).resolves.toContain('no Handover role');
    expect(await seriousAxeViolations(noRole)).toEqual([]);
    await screenshot(noRole, 'web-signin-refused');

    const twoRoles = await newPage();
    await signInThroughProvider(twoRoles, keycloak, 'kc-two-roles-th');
    await expectRefused(twoRoles, 'several-roles');
  });

  it('refuses an answer whose state is not the one this browser started with', async () => {
    const page = await newPage();
    // This browser starts a sign-in (its login cookie holds the state it expects) and, before finishing
    // it, is sent a callback with another state, as a forged link would.
    await page.goto(`${keycloak.origin}/cases`);
    await page.getByTestId('signin-provider').click();
    await page.locator('input[name="login"]').waitFor();
    await page.goto(`${keycloak.origin}/auth/callback?code=some-code&state=forged-state&iss=${encodeURIComponent(provider.issuer)}`);
    await expectRefused(page, 'state-mismatch');
  });

  it('refuses a code used a second time: the provider will not exchange it again', async () => {
    const page = await newPage();
    // The provider's redirect to the callback is followed by the browser; the request event sees it.
    const replay = new Promise<{ url: string; cookie: string }>((resolve) => {
      page.on('request', (request) => {
        if (request.url().startsWith(`${keycloak.origin}/auth/callback`)) {
          void request.allHeaders().then((headers) => resolve({ url: request.url(), cookie: headers.cookie ?? '' }));
        }
      });
    });
    await signInThroughProvider(page, keycloak, 'kc-officer-mm');
    await page.getByTestId('whoami').waitFor();
    const captured = await replay;
    expect(captured.cookie).toMatch(/handover-login=v1\./);
    // The same callback again, with the same login cookie, as an attacker who captured both would send it.
    const res = await fetch(captured.url, { headers: { cookie: captured.cookie }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?error=code-rejected');
    expect(res.headers.getSetCookie().filter((c) => c.startsWith('handover-session=v1.'))).toEqual([]);
  });

  it('refuses an ID token meant for another application, and one from an issuer it does not trust', async () => {
    try {
      await provider.control('tamper', 'aud');
      const foreign = await newPage();
      await signInThroughProvider(foreign, keycloak, 'kc-officer-mm');
      await expectRefused(foreign, 'audience-mismatch');

      await provider.control('tamper', 'iss');
      const unknown = await newPage();
      await signInThroughProvider(unknown, keycloak, 'kc-officer-mm');
      await expectRefused(unknown, 'issuer-mismatch');
    } finally {
      await provider.control('tamper', 'off');
    }
    // Each refusal is logged with its reason, and no log line carries a token, an account or a name.
    const refusals = keycloak.logs.filter((l) => l.includes('"msg":"sign-in refused"'));
    expect(refusals.map((l) => (JSON.parse(l) as { reason: string }).reason)).toEqual(
      expect.arrayContaining(['no-role', 'several-roles', 'state-mismatch', 'code-rejected', 'audience-mismatch', 'issuer-mismatch']),
    );
    const all = keycloak.logs.join('');
    expect(all).not.toMatch(/eyJ|Aung|Niran|Malee|kc-auditor|kc-two-roles|correct horse/);
  });

  it('signs out at the provider too: the next sign-in asks for the account again', async () => {
    const page = await newPage();
    await signInThroughProvider(page, keycloak, 'kc-supervisor-th', '/inbox');
    await page.getByTestId('whoami').waitFor();
    await page.getByTestId('sign-out').click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    // oidc-provider asks before it ends its own session.
    await page.locator('button[value="yes"], button[type="submit"]').first().click();
    await page.waitForURL(`${keycloak.origin}/signin`);
    await expect(sessionCookies(page)).resolves.toEqual([]);
    await page.getByTestId('signin-provider').click();
    await page.locator('input[name="login"]').waitFor();
  });
});

describe('a session on the workbench', () => {
  it('ends mid-form without losing what was typed, and resumes after signing in again in a small window', async () => {
    const page = await newPage();
    await signInThroughProvider(page, keycloak, 'kc-officer-mm', '/cases');
    await page.getByTestId('whoami').waitFor();
    await page.getByTestId('filter-search').fill('typed before the session ended');
    // The session cookie goes, as when the session runs out; the provider's own session stays.
    const others = (await page.context().cookies()).filter((c) => c.name !== 'handover-session');
    await page.context().clearCookies();
    await page.context().addCookies(others);
    await page.getByTestId('refresh').click();
    const dialog = page.getByTestId('session-expired');
    await dialog.waitFor();
    const popup = page.waitForEvent('popup');
    await dialog.getByTestId('signin-again').click();
    await (await popup).waitForLoadState();
    await dialog.waitFor({ state: 'hidden' });
    await expect(page.getByTestId('filter-search').inputValue()).resolves.toBe('typed before the session ended');
    await expect(page.getByTestId('whoami').textContent()).resolves.toMatch(/Officer Aung/);
    await expect(sessionOf(page)).resolves.toMatchObject({ signedIn: true, me: { id: 'kc-officer-mm' } });
  });

  it('refuses a cross-site form post, and a POST on the session without its CSRF header', async () => {
    const page = await newPage();
    await signInThroughProvider(page, keycloak, 'kc-officer-mm', '/register');
    await page.getByTestId('whoami').waitFor();
    // A page on another site (localhost is another site than 127.0.0.1) posts a form at the API.
    const attacker = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<form id="f" method="post" action="${keycloak.origin}/api/v1/cases" enctype="text/plain"><input name='{"a":"' value='b"}'></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const answered = page.waitForResponse((r) => r.url() === `${keycloak.origin}/api/v1/cases`);
      await page.goto(`http://localhost:${(attacker.address() as { port: number }).port}/`);
      const status = (await answered).status();
      expect([401, 403]).toContain(status);
    } finally {
      attacker.close();
    }
    // Same site but no header: the session's cookie alone never changes anything.
    await page.goto(`${keycloak.origin}/register`);
    await page.getByTestId('whoami').waitFor();
    const withoutHeader = await page.evaluate(async () => {
      const res = await fetch('/api/v1/cases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: res.status, type: ((await res.json()) as { type: string }).type };
    });
    expect(withoutHeader).toEqual({ status: 403, type: '/problems/csrf-refused' });
    const withHeader = await page.evaluate(async () => {
      const { csrfToken } = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/cases', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: '{}' });
      return res.status;
    });
    // Past authentication and CSRF: the empty body is refused for what it is.
    expect(withHeader).toBe(400);
  });

  it('keeps working when the provider rotates its signing key: sessions before and sign-ins after', async () => {
    const before = await newPage();
    await signInThroughProvider(before, keycloak, 'kc-supervisor-th', '/inbox');
    await before.getByTestId('whoami').waitFor();
    const { kid: oldKid } = await provider.control('stats');
    const { kid: newKid } = await provider.control('rotate');
    expect(newKid).not.toBe(oldKid);
    const after = await newPage();
    await signInThroughProvider(after, keycloak, 'kc-officer-mm', '/inbox');
    await after.getByTestId('whoami').waitFor();
    await expect(before.evaluate(async () => (await fetch('/api/v1/me')).status)).resolves.toBe(200);
  });

  it('refreshes tokens on the server, and ends the session when the provider stops honouring them', async () => {
    const page = await newPage();
    await signInThroughProvider(page, keycloak, 'kc-officer-mm', '/cases');
    await page.getByTestId('whoami').waitFor();
    const ours = async () => (await page.context().cookies(keycloak.origin)).find((c) => c.name === 'handover-session')?.value;
    const cookieBefore = await ours();
    expect(cookieBefore).toBeDefined();
    const { refreshGrants: before } = (await provider.control('stats')) as { refreshGrants: number };
    await new Promise((resolve) => setTimeout(resolve, (ACCESS_TOKEN_SECONDS + 1) * 1000));
    await expect(page.evaluate(async () => (await fetch('/api/v1/me')).status)).resolves.toBe(200);
    const { refreshGrants: after } = (await provider.control('stats')) as { refreshGrants: number };
    expect(after).toBeGreaterThan(before);
    expect(await ours()).not.toBe(cookieBefore);

    try {
      await provider.control('refuse-refresh', 'on');
      await new Promise((resolve) => setTimeout(resolve, (ACCESS_TOKEN_SECONDS + 1) * 1000));
      await expect(page.evaluate(async () => (await fetch('/api/v1/me')).status)).resolves.toBe(401);
      await expect(sessionCookies(page)).resolves.toEqual([]);
    } finally {
      await provider.control('refuse-refresh', 'off');
    }
  });
});
