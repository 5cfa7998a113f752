/// <reference lib="dom" />
/**
 * The workbench's shell in Chromium: the API serves the built page and its hashed assets, answers a
 * bookmarked page path with the page and an unknown API path with problem+json; the sign-in page offers
 * the development identities and explains a refused sign-in; the session is an HttpOnly cookie and the
 * browser holds no token; an expired session signs in again; sign-out ends it; the sign-in page and the
 * shell pass axe; no page breaks the Content-Security-Policy.
 */
import { tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';

let wb: Workbench;

beforeAll(async () => {
  wb = await startWorkbench('handover-web-shell');
}, 120_000);

afterAll(async () => {
  await wb?.stop();
});

describe('serving the workbench', () => {
  it('answers the page for page paths, problem+json for API paths, and caches hashed assets for good', async () => {
    const page = await wb.app.inject({ method: 'GET', url: '/cases?stage=approvals' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(asset).toBeDefined();
    const js = await wb.app.inject({ method: 'GET', url: asset! });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toMatch(/immutable/);

    for (const url of ['/api/v1/nope', '/api/nope', '/api']) {
      const res = await wb.app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, type: res.headers['content-type'] }).toEqual({ url, status: 404, type: expect.stringMatching(/problem\+json/) });
    }
    for (const url of ['/assets/nope.js', '/../package.json', '/%2e%2e/package.json', '/assets/../../package.json']) {
      const res = await wb.app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
    }
  });

  it('tells the workbench who the caller is', async () => {
    const res = await wb.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${await tokenFor('legal', 'LA')}` } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ id: 'la-legal-1', name: 'Test legal 1', role: 'legal', country: 'LA' });
    expect((await wb.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });
});

describe('signing in', () => {
  it('offers the demo identities of the embedded default, explains a refused sign-in, and passes axe', async () => {
    const context = await wb.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${wb.baseUrl}/cases`);
    // The identities come with the session answer, after the page's first paint: wait for them, then count.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="demo-"]').length >= 30);
    await expect(page.locator('[data-testid^="demo-"]').count()).resolves.toBe(30);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-signin');
    // The server sends a refused callback here; the page says why, and nobody is signed in.
    await page.goto(`${wb.baseUrl}/signin?error=several-roles`);
    await expect(page.getByTestId('signin-failure').textContent()).resolves.toContain('more than one Handover role');
    await expect(page.getByTestId('whoami').count()).resolves.toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // A one-click identity lands on the page that was asked for, not on the sign-in page.
    await page.goto(`${wb.baseUrl}/cases?stage=approvals`);
    await page.getByTestId('demo-kh-supervisor-1').click();
    await page.getByTestId('whoami').waitFor();
    expect(new URL(page.url()).search).toBe('?stage=approvals');
    const cookies = await context.cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: 'handover-session', httpOnly: true, sameSite: 'Lax' }]);
    // The browser holds no token: nothing in storage, and the cookie is sealed (no readable JWT in it).
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))).not.toMatch(/eyJ/);
    // Ciphertext is random base64url, so it is the decoded bytes that must hold no plaintext of the principal.
    const [version, sealed] = cookies[0].value.split('.');
    expect(version).toBe('v1');
    expect(sealed).not.toMatch(/^eyJ/);
    const opened = Buffer.from(sealed, 'base64url').toString('latin1');
    expect(opened).not.toMatch(/supervisor|"KH"|eyJ/);
    await context.close();
  });

  it('starts each role where its day starts, with the navigation it needs', async () => {
    const officer = await wb.signIn('officer', 'MM');
    await officer.waitForURL('**/inbox');
    await expect(officer.getByTestId('whoami').textContent()).resolves.toMatch(/case officer · Myanmar/);
    await expect(officer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register an arrest' }).count()).resolves.toBe(1);
    expect(await seriousAxeViolations(officer)).toEqual([]);

    // Registering and importing are for officers only: a supervisor is not offered them.
    const supervisor = await wb.signIn('supervisor', 'MM');
    await supervisor.waitForURL('**/inbox');
    const supervisorNav = supervisor.getByRole('navigation', { name: 'Main' });
    await supervisorNav.getByRole('link', { name: 'Inbox' }).waitFor();
    await expect(supervisorNav.getByRole('link', { name: 'Register an arrest' }).count()).resolves.toBe(0);
    await expect(supervisorNav.getByRole('link', { name: 'Import', exact: true }).count()).resolves.toBe(0);

    const monitor = await wb.signIn('monitor', 'CN');
    await monitor.waitForURL('**/overdue');
    await expect(monitor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register an arrest' }).count()).resolves.toBe(0);
  });

  it('keeps the page when the session ends, and goes on after signing in again', async () => {
    const page = await wb.signIn('officer', 'KH', { path: '/cases' });
    await page.getByTestId('filter-search').fill('typed before the session ended');
    // The session cookie goes away, as when it ends: the next request answers 401 and the dialog opens
    // over the page, which stays as it was.
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const dialog = page.getByTestId('session-expired');
    await dialog.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await dialog.getByTestId('demo-kh-officer-1').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(page.getByTestId('filter-search').inputValue()).resolves.toBe('typed before the session ended');
    expect(page.url()).toMatch(/\/cases$/);
  });

  it('signs out: the session ends on the server and the sign-in page comes back', async () => {
    const page = await wb.signIn('monitor', 'TH', { path: '/overdue' });
    await page.getByTestId('sign-out').click();
    await page.waitForURL('**/signin');
    await page.getByTestId('demo-th-monitor-1').waitFor();
    await expect(page.context().cookies()).resolves.toEqual([]);
    const session = await page.evaluate(async () => (await fetch('/auth/session')).json());
    expect(session.signedIn).toBe(false);
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(wb.pageErrors).toEqual([]);
  });
});
