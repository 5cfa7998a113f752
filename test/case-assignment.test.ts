/**
 * Assignment of a case's waiting step through POST /cases/{caseId}/assignment: claim (own id), hand over
 * (a colleague's id), release (null); who may (whoever the case waits on; someone else's claim only by
 * its assignee or a supervisor of its country); the view, the timeline, HandoverAssignee in the list and
 * the inbox (`assigned=me|unassigned`); and the claim ending when the step it was for is done.
 *
 * On a namespace of its own, so lists and inboxes hold only this suite's cases.
 */
import { randomUUID } from 'node:crypto';
import type { HandoverApp } from '../api/app';
import type { Country, Role } from '../domain/people';
import { call, json, registrationBody, subjectOf, tokenFor } from './helpers/api';
import { eventually, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

let iso: IsolatedApi;
let app: HandoverApp;

const SETUP = 9;

async function post(caseId: string, segment: string, role: Role, country: Country, n: number, body: Record<string, unknown>) {
  return call(app, 'POST', `/api/v1/cases/${caseId}/${segment}`, {
    token: await tokenFor(role, country, n),
    body: { requestId: `req-${randomUUID()}`, ...body },
  });
}

async function assign(caseId: string, role: Role, country: Country, n: number, assignee: string | null) {
  return post(caseId, 'assignment', role, country, n, { assignee });
}

async function ok(caseId: string, segment: string, role: Role, country: Country, n: number, body: Record<string, unknown>) {
  const res = await post(caseId, segment, role, country, n, body);
  if (res.statusCode !== 200) throw new Error(`${segment} by ${role}:${country}:${n} answered ${res.statusCode}: ${res.body}`);
  return json(res);
}

async function view(caseId: string, role: Role = 'monitor', country: Country = 'KH', n = 1) {
  return json(await call(app, 'GET', `/api/v1/cases/${caseId}`, { token: await tokenFor(role, country, n) }));
}

async function timelineActions(caseId: string): Promise<string[]> {
  const res = await call(app, 'GET', `/api/v1/cases/${caseId}/timeline`, { token: await tokenFor('monitor', 'KH') });
  return json<{ events: { action: string }[] }>(res).events.map((e) => e.action);
}

async function register(custodial: Country, receiving: Country, transit: Country[] = []): Promise<string> {
  const res = await call(app, 'POST', '/api/v1/cases', {
    token: await tokenFor('officer', custodial, SETUP),
    body: registrationBody({ custodial, receiving, transit, externalReference: `ASSIGN-${randomUUID()}` }),
  });
  if (res.statusCode !== 201) throw new Error(`registration answered ${res.statusCode}: ${res.body}`);
  return json(res).caseId as string;
}

async function listIds(query: string, role: Role, country: Country, n = 1): Promise<string[]> {
  const res = await call(app, 'GET', `/api/v1/cases?pageSize=100&${query}`, { token: await tokenFor(role, country, n) });
  expect(res.statusCode).toBe(200);
  return json<{ cases: { caseId: string }[] }>(res).cases.map((c) => c.caseId);
}

async function inbox(query: string, role: Role, country: Country, n = 1) {
  const res = await call(app, 'GET', `/api/v1/inbox?${query}`, { token: await tokenFor(role, country, n) });
  expect(res.statusCode).toBe(200);
  return json<{ items: { caseId: string; assignee?: string }[] }>(res).items;
}

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'handover-assign' });
  app = await iso.app({ HANDOVER_DAY_SECONDS: '86400' });
});

afterAll(async () => {
  await iso?.stop();
});

describe('assignment of the waiting step', () => {
  it('claim, hand over, release: the view, the timeline, the list and the inbox follow', async () => {
    const caseId = await register('KH', 'CN');
    const other = await register('KH', 'CN');
    const kh1 = subjectOf('officer', 'KH', 1);

    const claimed = await assign(caseId, 'officer', 'KH', 1, kh1);
    expect(claimed.statusCode).toBe(200);
    expect(json(claimed).assignment).toEqual({ assignee: kh1, by: kh1, at: expect.any(String) });
    expect(json(claimed).allowedActions).toContain('assignment');

    // Someone else's claim: neither a colleague's claim nor release passes; the claim stays.
    expect((await assign(caseId, 'officer', 'KH', 2, subjectOf('officer', 'KH', 2))).statusCode).toBe(409);
    expect((await assign(caseId, 'officer', 'KH', 2, null)).statusCode).toBe(409);
    expect((await view(caseId, 'officer', 'KH', 2)).allowedActions).not.toContain('assignment');
    // Claiming what one already holds is a conflict, not a second timeline entry.
    expect((await assign(caseId, 'officer', 'KH', 1, kh1)).statusCode).toBe(409);

    await eventually(async () => (await listIds('assigned=me', 'officer', 'KH', 1)).includes(caseId), 'the claim in visibility');
    expect(await listIds('assigned=me', 'officer', 'KH', 2)).not.toContain(caseId);
    const unassigned = await listIds('assigned=unassigned', 'monitor', 'KH');
    expect(unassigned).toContain(other);
    expect(unassigned).not.toContain(caseId);
    const rows = json(await call(app, 'GET', '/api/v1/cases?pageSize=100', { token: await tokenFor('monitor', 'CN') })).cases;
    expect(rows.find((r: { caseId: string }) => r.caseId === caseId).assignee).toBe(kh1);
    expect(rows.find((r: { caseId: string }) => r.caseId === other).assignee).toBeUndefined();

    const mine = await inbox('assigned=me', 'officer', 'KH', 1);
    expect(mine.map((i) => i.caseId)).toEqual([caseId]);
    expect(mine[0]?.assignee).toBe(kh1);
    const open = (await inbox('assigned=unassigned', 'officer', 'KH', 2)).map((i) => i.caseId);
    expect(open).toContain(other);
    expect(open).not.toContain(caseId);
    expect((await inbox('', 'officer', 'KH', 2)).map((i) => i.caseId)).toEqual(expect.arrayContaining([caseId, other]));

    // Hand over to a colleague; then a supervisor of the country hands it on; the last assignee releases.
    const kh2 = subjectOf('officer', 'KH', 2);
    const handed = (await ok(caseId, 'assignment', 'officer', 'KH', 1, { assignee: kh2 }));
    expect(handed.assignment).toMatchObject({ assignee: kh2, by: kh1 });
    const kh3 = subjectOf('officer', 'KH', 3);
    expect((await ok(caseId, 'assignment', 'supervisor', 'KH', 1, { assignee: kh3 })).assignment).toMatchObject({
      assignee: kh3,
      by: subjectOf('supervisor', 'KH', 1),
    });
    const released = (await ok(caseId, 'assignment', 'officer', 'KH', 3, { assignee: null }));
    expect(released.assignment).toBeUndefined();
    expect((await assign(caseId, 'officer', 'KH', 3, null)).statusCode).toBe(409);

    const actions = await timelineActions(caseId);
    expect(actions.filter((a) => a.startsWith('assignment-'))).toEqual([
      'assignment-claimed',
      'assignment-handed-over',
      'assignment-handed-over',
      'assignment-released',
    ]);
    // Actor ids only: the timeline never carries a name.
    const events = json(await call(app, 'GET', `/api/v1/cases/${caseId}/timeline`, { token: await tokenFor('monitor', 'KH') })).events;
    expect(JSON.stringify(events)).not.toMatch(/Test (officer|supervisor)/);
    await eventually(async () => (await listIds('assigned=unassigned', 'monitor', 'KH')).includes(caseId), 'the release in visibility');
  });

  it('refuses the wrong role or country (403), a foreign caller (404) and a bad assignee (400), writing nothing', async () => {
    const caseId = await register('KH', 'CN');
    const before = (await view(caseId)).timelineLength;
    const refused: [Role, Country, number][] = [
      ['monitor', 'KH', 403],
      ['admin', 'KH', 403],
      // Involved, but the screening step waits on Cambodia's officers.
      ['officer', 'CN', 403],
      ['supervisor', 'CN', 403],
      ['legal', 'KH', 403],
      ['officer', 'VN', 404],
      ['supervisor', 'TH', 404],
    ];
    for (const [role, country, status] of refused) {
      const res = await assign(caseId, role, country, 1, subjectOf(role, country, 1));
      expect({ role, country, status: res.statusCode }).toEqual({ role, country, status });
      if (status === 403) expect(json(res).type).toMatch(/forbidden/);
    }
    const bad = await assign(caseId, 'officer', 'KH', 1, "x' OR '1'='1");
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors.map((e: { field: string }) => e.field)).toContain('assignee');
    const missing = await post(caseId, 'assignment', 'officer', 'KH', 1, {});
    expect(missing.statusCode).toBe(400);
    expect((await view(caseId)).timelineLength).toBe(before);
  });

  it('ends the claim when the step it was for is done, on the timeline and in visibility; a legal hold does not end it', async () => {
    const caseId = await register('KH', 'CN');
    const kh1 = subjectOf('officer', 'KH', 1);
    await ok(caseId, 'assignment', 'officer', 'KH', 1, { assignee: kh1 });

    // A legal hold pauses the step; the claim stays, and its holder can still release it.
    await ok(caseId, 'hold', 'supervisor', 'KH', SETUP, { reason: 'court petition' });
    expect((await view(caseId)).assignment?.assignee).toBe(kh1);
    expect((await view(caseId, 'officer', 'KH', 1)).allowedActions).toEqual(['assignment']);
    await ok(caseId, 'resume', 'supervisor', 'KH', SETUP, {});
    expect((await view(caseId)).assignment?.assignee).toBe(kh1);
    await eventually(async () => (await listIds('assigned=me', 'officer', 'KH', 1)).includes(caseId), 'the claim in visibility');

    // Screening done: the case waits on China's verification now, and the claim is over.
    const screened = (await ok(caseId, 'screening', 'officer', 'KH', 1, { result: 'cleared' }));
    expect(screened.stage).toBe('identity-verification');
    expect(screened.assignment).toBeUndefined();
    const actions = await timelineActions(caseId);
    expect(actions.indexOf('assignment-ended')).toBeGreaterThan(actions.indexOf('screening-recorded'));
    await eventually(async () => !(await listIds('assigned=me', 'officer', 'KH', 1)).includes(caseId), 'the claim cleared in visibility');
    expect(await listIds('assigned=unassigned', 'monitor', 'CN')).toContain(caseId);

    // China's officer may claim the new step; Cambodia's no longer.
    expect((await assign(caseId, 'officer', 'KH', 1, kh1)).statusCode).toBe(403);
    const cn1 = subjectOf('officer', 'CN', 1);
    expect((await ok(caseId, 'assignment', 'officer', 'CN', 1, { assignee: cn1 })).assignment?.assignee).toBe(cn1);
  });

  it('in approvals a claim is one country\'s: another waits until that country has decided', async () => {
    const caseId = await register('KH', 'CN');
    await ok(caseId, 'screening', 'officer', 'KH', SETUP, { result: 'cleared' });
    await ok(caseId, 'verification', 'officer', 'CN', SETUP, { result: 'confirmed', reference: 'CONSULAR-1' });
    const khSup = subjectOf('supervisor', 'KH', 1);
    await ok(caseId, 'assignment', 'supervisor', 'KH', 1, { assignee: khSup });
    const cnSup = subjectOf('supervisor', 'CN', 1);
    expect((await assign(caseId, 'supervisor', 'CN', 1, cnSup)).statusCode).toBe(409);
    // Cambodia approves: its wait is over, so is its claim; China's supervisor claims China's.
    expect((await ok(caseId, 'approvals', 'supervisor', 'KH', 1, { decision: 'approve' })).assignment).toBeUndefined();
    expect((await ok(caseId, 'assignment', 'supervisor', 'CN', 1, { assignee: cnSup })).assignment?.assignee).toBe(cnSup);
  });
});
