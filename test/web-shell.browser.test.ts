/// <reference lib="dom" />
/**
 * The workbench's shell in Chromium: the API serves the built page and its hashed assets, answers a
 * bookmarked page path with the page and an unknown API path with problem+json; sign-in refuses a bad
 * token with a reason; an expired session keeps the page and what was typed while the person signs in
 * again; the sign-in page and the shell pass axe; no page breaks the Content-Security-Policy.
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
  it('refuses a token that is not one, or that the server rejects, with a reason; passes axe', async () => {
    const context = await wb.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${wb.baseUrl}/cases`);
    await page.getByTestId('token-input').fill('not a token');
    await page.getByTestId('signin-submit').click();
    await page.getByRole('alert').filter({ hasText: 'not a token' }).waitFor();
    await page.getByTestId('token-input').fill('aaa.bbb.ccc');
    await page.getByTestId('signin-submit').click();
    await page.getByRole('alert').filter({ hasText: 'did not accept' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-signin');
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
    // The token is replaced by one the server refuses, as when it expires: the next request answers 401.
    await page.evaluate(() => sessionStorage.setItem('handover.token', 'x.y.z'));
    await page.reload();
    await page.getByTestId('token-input').waitFor();
    await page.getByTestId('token-input').fill(await tokenFor('officer', 'KH'));
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('whoami').waitFor();
    expect(page.url()).toMatch(/\/cases$/);
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(wb.pageErrors).toEqual([]);
  });
});
