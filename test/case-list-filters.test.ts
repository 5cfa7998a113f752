/**
 * GET /api/v1/cases filters on a namespace of its own (so every list is exact): custodial, receiving and
 * transit country, legal deadline within N clock days, registration days, search by case id or external
 * reference, assignment; combined, paged, always within the caller's country; bad values are 400 naming
 * the field.
 *
 *   A  KH → CN deportation          B  MM → TH → CN deportation     C  TH → CN extradition
 *   D  VN → LA → KH deportation     E  LA → CN deportation, registered with 30-second days, so its
 *                                      legal deadline (60 days) is 30 minutes away; the others' 10 hours
 */
import { randomUUID } from 'node:crypto';
import type { HandoverApp } from '../api/app';
import type { Country, Role } from '../domain/people';
import { call, json, registrationBody, subjectOf, tokenFor } from './helpers/api';
import { eventually, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

let iso: IsolatedApi;
let app: HandoverApp;

interface Made {
  caseId: string;
  externalReference: string;
}
const cases: Record<'A' | 'B' | 'C' | 'D' | 'E', Made> = {} as never;

const today = new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function register(on: HandoverApp, custodial: Country, receiving: Country, transit: Country[] = [], track: 'deportation' | 'extradition' = 'deportation'): Promise<Made> {
  const externalReference = `FILTER-${randomUUID()}`;
  const res = await call(on, 'POST', '/api/v1/cases', {
    token: await tokenFor('officer', custodial, 9),
    body: registrationBody({ custodial, receiving, transit, track, externalReference }),
  });
  if (res.statusCode !== 201) throw new Error(`registration answered ${res.statusCode}: ${res.body}`);
  return { caseId: json(res).caseId as string, externalReference };
}

async function list(query: string, role: Role, country: Country, n = 1) {
  return call(app, 'GET', `/api/v1/cases?${query}`, { token: await tokenFor(role, country, n) });
}

/** The letters of the cases a monitor of `country` gets for `query`, sorted (every page followed). */
async function letters(query: string, country: Country, role: Role = 'monitor', n = 1): Promise<string> {
  const byId = new Map(Object.entries(cases).map(([k, v]) => [v.caseId, k]));
  const found: string[] = [];
  let pageToken: string | undefined;
  do {
    const res = await list(`pageSize=100&${query}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`, role, country, n);
    if (res.statusCode !== 200) throw new Error(`list ${query} answered ${res.statusCode}: ${res.body}`);
    const page = json<{ cases: { caseId: string }[]; nextPageToken?: string }>(res);
    found.push(...page.cases.map((c) => byId.get(c.caseId) ?? `?${c.caseId}`));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return found.sort().join('');
}

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'handover-filters' });
  app = await iso.app({ HANDOVER_DAY_SECONDS: '600' });
  const short = await iso.app({ HANDOVER_DAY_SECONDS: '30' });
  cases.A = await register(app, 'KH', 'CN');
  cases.B = await register(app, 'MM', 'CN', ['TH']);
  cases.C = await register(app, 'TH', 'CN', [], 'extradition');
  cases.D = await register(app, 'VN', 'KH', ['LA']);
  cases.E = await register(short, 'LA', 'CN');
  // Every case's first workflow task has published its legal deadline.
  await eventually(async () => (await letters('legalDeadlineWithinDays=365', 'CN')) === 'ABCE', 'the legal deadlines in visibility', 30_000);
});

afterAll(async () => {
  await iso?.stop();
});

describe('case list filters', () => {
  it('custodial, receiving and transit country select their cases, within the caller\'s country', async () => {
    const expected: [string, Country, string][] = [
      ['custodialCountry=KH', 'CN', 'A'],
      ['custodialCountry=KH', 'KH', 'A'],
      ['custodialCountry=KH', 'TH', ''],
      ['custodialCountry=VN', 'KH', 'D'],
      ['receivingCountry=CN', 'CN', 'ABCE'],
      ['receivingCountry=CN', 'TH', 'BC'],
      ['receivingCountry=CN', 'KH', 'A'],
      ['receivingCountry=CN', 'LA', 'E'],
      ['receivingCountry=KH', 'VN', 'D'],
      ['transitCountry=TH', 'CN', 'B'],
      ['transitCountry=TH', 'TH', 'B'],
      ['transitCountry=TH', 'KH', ''],
      ['transitCountry=LA', 'KH', 'D'],
      ['transitCountry=LA', 'LA', 'D'],
    ];
    for (const [query, country, want] of expected) expect({ query, country, got: await letters(query, country) }).toEqual({ query, country, got: want });
  });

  it('legalDeadlineWithinDays counts clock days (HANDOVER_DAY_SECONDS) from now', async () => {
    expect(await letters('legalDeadlineWithinDays=5', 'CN')).toBe('E');
    expect(await letters('legalDeadlineWithinDays=5', 'LA')).toBe('E');
    expect(await letters('legalDeadlineWithinDays=5', 'KH')).toBe('');
    expect(await letters('legalDeadlineWithinDays=100', 'CN')).toBe('ABCE');
    expect(await letters('legalDeadlineWithinDays=0', 'CN')).toBe('');
    expect(await letters('legalDeadlineWithinDays=2.5', 'CN')).toBe('');
  });

  it('registeredFrom / registeredTo are whole UTC days, both included', async () => {
    expect(await letters(`registeredFrom=${today}`, 'CN')).toBe('ABCE');
    expect(await letters(`registeredFrom=${today}&registeredTo=${today}`, 'CN')).toBe('ABCE');
    expect(await letters(`registeredTo=${today}`, 'KH')).toBe('AD');
    expect(await letters(`registeredTo=${dayOffset(-1)}`, 'CN')).toBe('');
    expect(await letters(`registeredFrom=${dayOffset(1)}`, 'CN')).toBe('');
    expect(await letters(`registeredFrom=${dayOffset(-30)}&registeredTo=${dayOffset(-1)}`, 'CN')).toBe('');
  });

  it('search finds a case by its id or its external reference, only among the caller\'s cases', async () => {
    expect(await letters(`search=${cases.A.caseId}`, 'CN')).toBe('A');
    expect(await letters(`search=${cases.A.caseId}`, 'VN')).toBe('');
    expect(await letters(`search=${encodeURIComponent(cases.A.externalReference)}`, 'CN')).toBe('A');
    expect(await letters(`search=${encodeURIComponent(cases.A.externalReference)}`, 'KH', 'officer')).toBe('A');
    expect(await letters(`search=${encodeURIComponent(cases.A.externalReference)}`, 'TH')).toBe('');
    expect(await letters(`search=${encodeURIComponent(cases.D.externalReference)}`, 'LA')).toBe('D');
    expect(await letters(`search=FILTER-${randomUUID()}`, 'CN')).toBe('');
    expect(await letters('search=case-KH-2026-ZZZZZZZZZZ', 'CN')).toBe('');
  });

  it('assigned=me / unassigned follow the claim of the waiting step', async () => {
    const kh1 = subjectOf('officer', 'KH', 1);
    const claim = await call(app, 'POST', `/api/v1/cases/${cases.A.caseId}/assignment`, {
      token: await tokenFor('officer', 'KH', 1),
      body: { requestId: `req-${randomUUID()}`, assignee: kh1 },
    });
    expect(claim.statusCode).toBe(200);
    await eventually(async () => (await letters('assigned=me', 'KH', 'officer', 1)) === 'A', 'the claim in visibility');
    expect(await letters('assigned=me', 'KH', 'officer', 2)).toBe('');
    expect(await letters('assigned=unassigned', 'CN')).toBe('BCE');
    expect(await letters('assigned=me&custodialCountry=KH', 'KH', 'officer', 1)).toBe('A');
  });

  it('filters combine with each other and with the earlier ones', async () => {
    expect(await letters('receivingCountry=CN&track=extradition', 'CN')).toBe('C');
    expect(await letters(`transitCountry=TH&custodialCountry=MM&registeredFrom=${today}`, 'TH')).toBe('B');
    expect(await letters(`receivingCountry=CN&legalDeadlineWithinDays=5&search=${encodeURIComponent(cases.E.externalReference)}`, 'CN')).toBe('E');
    expect(await letters(`receivingCountry=CN&legalDeadlineWithinDays=5&search=${encodeURIComponent(cases.A.externalReference)}`, 'CN')).toBe('');
    expect(await letters('custodialCountry=KH&transitCountry=TH', 'CN')).toBe('');
    expect(await letters('country=TH&receivingCountry=CN&stage=screening', 'CN')).toBe('BC');
  });

  it('pages through a filtered list with its own page tokens', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await list(`receivingCountry=CN&pageSize=1${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`, 'monitor', 'CN');
      expect(res.statusCode).toBe(200);
      const page = json<{ cases: { caseId: string }[]; nextPageToken?: string }>(res);
      expect(page.cases.length).toBeLessThanOrEqual(1);
      seen.push(...page.cases.map((c) => c.caseId));
      pageToken = page.nextPageToken;
      if (pages === 0) {
        // A token of this query is refused by another filter.
        const other = await list(`receivingCountry=KH&pageSize=1&pageToken=${encodeURIComponent(pageToken!)}`, 'monitor', 'CN');
        expect(other.statusCode).toBe(400);
        expect(json(other).errors.map((e: { field: string }) => e.field)).toEqual(['pageToken']);
      }
      pages += 1;
    } while (pageToken && pages < 10);
    expect(new Set(seen)).toEqual(new Set([cases.A.caseId, cases.B.caseId, cases.C.caseId, cases.E.caseId]));
    expect(seen).toHaveLength(4);
  });

  it('answers a bad value with 400 naming the field', async () => {
    const bad: [string, string][] = [
      ['custodialCountry=XX', 'custodialCountry'],
      ['receivingCountry=cn', 'receivingCountry'],
      ["transitCountry=TH'", 'transitCountry'],
      ['legalDeadlineWithinDays=366', 'legalDeadlineWithinDays'],
      ['legalDeadlineWithinDays=-1', 'legalDeadlineWithinDays'],
      ['legalDeadlineWithinDays=abc', 'legalDeadlineWithinDays'],
      ['legalDeadlineWithinDays=', 'legalDeadlineWithinDays'],
      ['legalDeadlineWithinDays=1e2', 'legalDeadlineWithinDays'],
      ['registeredFrom=2026-13-01', 'registeredFrom'],
      ['registeredFrom=yesterday', 'registeredFrom'],
      ['registeredTo=2026-01-01T00:00:00Z', 'registeredTo'],
      [`registeredFrom=${today}&registeredTo=${dayOffset(-1)}`, 'registeredTo'],
      [`search=${encodeURIComponent("x' OR '1'='1")}`, 'search'],
      ['search=', 'search'],
      [`search=${'a'.repeat(129)}`, 'search'],
      ['assigned=someone', 'assigned'],
      ['assigned=ME', 'assigned'],
    ];
    for (const [query, field] of bad) {
      const res = await list(query, 'monitor', 'CN');
      const fields = res.statusCode === 400 ? json(res).errors.map((e: { field: string }) => e.field) : [];
      expect({ query, status: res.statusCode, fields }).toEqual({ query, status: 400, fields: [field] });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('inbox: assigned=me|unassigned, bad value 400', async () => {
    const kh = await tokenFor('officer', 'KH', 1);
    const mine = json(await call(app, 'GET', '/api/v1/inbox?assigned=me', { token: kh })).items;
    expect(mine.map((i: { caseId: string; assignee?: string }) => [i.caseId, i.assignee])).toEqual([[cases.A.caseId, subjectOf('officer', 'KH', 1)]]);
    const free = json(await call(app, 'GET', '/api/v1/inbox?assigned=unassigned', { token: kh })).items.map((i: { caseId: string }) => i.caseId);
    expect(free).not.toContain(cases.A.caseId);
    const bad = await call(app, 'GET', '/api/v1/inbox?assigned=nobody', { token: kh });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors.map((e: { field: string }) => e.field)).toEqual(['assigned']);
  });
});
