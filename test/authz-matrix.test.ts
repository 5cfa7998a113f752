/**
 * Authorization matrix: every role (officer, supervisor, legal, monitor, admin) of every country (CN, KH,
 * LA, MM, TH, VN) against every case route and every case of a fixed set:
 *
 *   KH → CN deportation, MM → TH → CN deportation (Thailand in transit), TH → CN extradition.
 *
 * Each action is tried on a case in the state where it is valid for the right actor, so a refusal can only
 * come from who is asking. The expected allow/deny table is written below from the domain's rules (who may
 * do what, docs/case-workflow.md "Who may act"), not read from the implementation. An allowed action changes
 * the case, so the next caller gets a fresh case in the same state: every cell is comparable.
 *
 * Denials: 404 exactly when the caller's country is not involved in the case (a foreign case looks like a
 * missing one), otherwise 403 (role, country) or 409 (the state says no, e.g. legal review on a deportation).
 * Lists: no caller sees a case that does not involve their country, and each sees every case that does.
 * POST /schedules/bulk holds the schedule action's table case by case (a role that never schedules gets
 * one 403 for the whole request).
 *
 * Runs on a namespace of its own, so the lists hold exactly the cases this suite created.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { HandoverApp } from '../api/app';
import type { Track } from '../domain/case';
import { mapWithConcurrency } from '../domain/concurrency';
import { COUNTRIES, ROLES, type Country, type Role } from '../domain/people';
import { call, json, registrationBody, subjectOf, tokenFor, type CallOptions } from './helpers/api';
import { eventually, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

// -------------------------------------------------------------------------------------------------
// The cases and the domain's rules
// -------------------------------------------------------------------------------------------------

interface Template {
  name: string;
  track: Track;
  custodial: Country;
  receiving: Country;
  transit: Country[];
}

const TEMPLATES: Template[] = [
  { name: 'KH→CN deportation', track: 'deportation', custodial: 'KH', receiving: 'CN', transit: [] },
  { name: 'MM→TH→CN deportation', track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] },
  { name: 'TH→CN extradition', track: 'extradition', custodial: 'TH', receiving: 'CN', transit: [] },
];

const involved = (t: Template): Country[] => [t.custodial, t.receiving, ...t.transit];

type RouteName =
  | 'view'
  | 'timeline'
  | 'register'
  | 'screening'
  | 'refoulement-review'
  | 'verification'
  | 'legal-review'
  | 'approvals'
  | 'schedule'
  | 'custody-events'
  | 'hold'
  | 'resume'
  | 'withdraw'
  | 'clock-extensions'
  | 'assignment';

const OFFICER_STEP: Role[] = ['officer', 'supervisor'];
const HOLD_ROLES: Role[] = ['supervisor', 'legal'];

/**
 * Who may: the domain's rules (domain brief "People and what they may do", docs/case-workflow.md).
 * Everyone reads the cases of their own country; officers record their country's steps (a supervisor
 * may do an officer's step); supervisors decide their country's approval slot; legal officers decide
 * refoulement reviews, extradition legal steps and clock extensions of the custodial country; holds by
 * supervisor or legal of the custodial or receiving country; only the requesting (receiving) country
 * withdraws; monitor and admin never act.
 */
const WHO_MAY: Record<RouteName, { roles: readonly Role[]; countries: (t: Template) => Country[] }> = {
  view: { roles: ROLES, countries: involved },
  timeline: { roles: ROLES, countries: involved },
  register: { roles: ['officer'], countries: (t) => [t.custodial] },
  screening: { roles: OFFICER_STEP, countries: (t) => [t.custodial] },
  'refoulement-review': { roles: ['legal'], countries: (t) => [t.custodial] },
  verification: { roles: OFFICER_STEP, countries: (t) => [t.receiving] },
  // Deportation has no legal review: nobody may record one.
  'legal-review': { roles: ['legal'], countries: (t) => (t.track === 'extradition' ? [t.custodial] : []) },
  approvals: { roles: ['supervisor'], countries: involved },
  schedule: { roles: OFFICER_STEP, countries: (t) => [t.custodial] },
  // The next hop of a scheduled case is the custodial country's release.
  'custody-events': { roles: OFFICER_STEP, countries: (t) => [t.custodial] },
  hold: { roles: HOLD_ROLES, countries: (t) => [t.custodial, t.receiving] },
  resume: { roles: HOLD_ROLES, countries: (t) => [t.custodial, t.receiving] },
  withdraw: { roles: HOLD_ROLES, countries: (t) => [t.receiving] },
  'clock-extensions': { roles: ['legal'], countries: (t) => [t.custodial] },
  // Claiming the waiting step: whoever it waits on (screening: the custodial officers; a supervisor does
  // an officer's step).
  assignment: { roles: OFFICER_STEP, countries: (t) => [t.custodial] },
};

function expectedAllow(route: RouteName, t: Template, role: Role, country: Country): boolean {
  const rule = WHO_MAY[route];
  return rule.roles.includes(role) && rule.countries(t).includes(country);
}

// -------------------------------------------------------------------------------------------------
// Bodies and the states in which each action is valid for the right actor
// -------------------------------------------------------------------------------------------------

const AGREED_DATE = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

type ActionRoute = Exclude<RouteName, 'view' | 'timeline' | 'register'>;
const ACTIONS: ActionRoute[] = [
  'screening',
  'refoulement-review',
  'verification',
  'legal-review',
  'approvals',
  'schedule',
  'custody-events',
  'hold',
  'resume',
  'withdraw',
  'clock-extensions',
  'assignment',
];

function actionBody(route: ActionRoute, t: Template, caller?: { role: Role; country: Country }): Record<string, unknown> {
  switch (route) {
    case 'screening':
      return { result: 'cleared' };
    case 'refoulement-review':
      return { decision: 'proceed', reference: 'LEGAL-REF-1' };
    case 'verification':
      return { result: 'confirmed', reference: 'CONSULAR-1' };
    case 'legal-review':
      return { step: 'formal-request', reference: 'REQ-1', documents: [{ name: 'arrest warrant', received: true }] };
    case 'approvals':
      return { decision: 'approve' };
    case 'schedule':
      return { agreedDate: AGREED_DATE, handoverPoint: 'border checkpoint', transport: 'land', escort: 'police escort' };
    case 'custody-events':
      return { event: 'released-by-custodial', country: t.custodial };
    case 'hold':
      return { reason: 'court petition' };
    case 'resume':
      return {};
    case 'withdraw':
      return { reason: 'request withdrawn' };
    case 'clock-extensions':
      // Thailand–China provisional detention cannot be extended; the take-over clock can (PRC art. 40).
      return { clock: t.track === 'extradition' ? 'take-over' : 'immigration-detention', days: 1, decisionReference: 'DECISION-1' };
    case 'assignment':
      // The caller claims the step for themselves.
      return { assignee: caller ? subjectOf(caller.role, caller.country, 1) : null };
  }
}

interface SetupStep {
  segment: string;
  role: Role;
  country: Country;
  body: Record<string, unknown>;
}

/** Steps by setup actors (user n = 9, never a caller of the matrix) that bring a new case to the state. */
function setupFor(route: ActionRoute, t: Template): SetupStep[] {
  const screen: SetupStep = { segment: 'screening', role: 'officer', country: t.custodial, body: { result: 'cleared' } };
  const verify: SetupStep = { segment: 'verification', role: 'officer', country: t.receiving, body: { result: 'confirmed', reference: 'CONSULAR-9' } };
  const legal: SetupStep[] =
    t.track === 'extradition'
      ? [
          { segment: 'legal-review', role: 'legal', country: t.custodial, body: actionBody('legal-review', t) },
          { segment: 'legal-review', role: 'legal', country: t.custodial, body: { step: 'court-decision', decision: 'extraditable', reference: 'COURT-9' } },
          { segment: 'legal-review', role: 'legal', country: t.custodial, body: { step: 'executive-decision', decision: 'granted', reference: 'EXEC-9' } },
        ]
      : [];
  const toApprovals = [screen, verify, ...legal];
  const toScheduling = [...toApprovals, ...involved(t).map((country): SetupStep => ({ segment: 'approvals', role: 'supervisor', country, body: { decision: 'approve' } }))];
  const scheduled = [...toScheduling, { segment: 'schedule', role: 'officer' as const, country: t.custodial, body: actionBody('schedule', t) }];
  switch (route) {
    case 'screening':
    case 'hold':
    case 'withdraw':
    case 'assignment':
      return [];
    case 'refoulement-review':
      return [{ ...screen, body: { result: 'refoulement-risk' } }];
    case 'verification':
      return [screen];
    case 'legal-review':
      // Extradition: the case waits for its formal request. Deportation never has a legal review.
      return [screen, verify];
    case 'approvals':
      return toApprovals;
    case 'schedule':
      return toScheduling;
    case 'custody-events':
      return scheduled;
    case 'resume':
      return [{ segment: 'hold', role: 'supervisor', country: t.custodial, body: { reason: 'court petition' } }];
    case 'clock-extensions':
      // Deportation: immigration detention runs from registration. Extradition: take-over runs once scheduled.
      return t.track === 'extradition' ? scheduled : [];
  }
}

// -------------------------------------------------------------------------------------------------
// The test
// -------------------------------------------------------------------------------------------------

const SETUP_USER = 9;

let iso: IsolatedApi;
let app: HandoverApp;
const tokens = new Map<string, Promise<string>>();
/** Every case this suite created, with its template: the lists must show exactly these. */
const created = new Map<string, Template>();

/** 503s answered while the shared dev server was too slow, and retried (a decision is never a 503). */
let retried503 = 0;

/**
 * One request; a 503 (Temporal did not answer in time: a loaded test machine) is repeated as a client
 * would, with the same body and request id, so a repeat is never a second action.
 */
async function send(method: 'GET' | 'POST', url: string, opts: CallOptions): Promise<LightMyRequestResponse> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await call(app, method, url, opts);
    if (res.statusCode !== 503 || Date.now() > deadline) return res;
    retried503 += 1;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function token(role: Role, country: Country, n = 1): Promise<string> {
  const key = `${role}:${country}:${n}`;
  if (!tokens.has(key)) tokens.set(key, tokenFor(role, country, n));
  return tokens.get(key)!;
}

const callers = COUNTRIES.flatMap((country) => ROLES.map((role) => ({ role, country })));

async function register(t: Template, role: Role, country: Country, n: number) {
  const body = registrationBody({ track: t.track, custodial: t.custodial, receiving: t.receiving, transit: t.transit, externalReference: `AUTHZ-${randomUUID()}` });
  const res = await send('POST', '/api/v1/cases', { token: await token(role, country, n), body });
  // 200: a repeat after a 503 found the case the first attempt had started.
  if (res.statusCode === 201 || res.statusCode === 200) created.set(json(res).caseId as string, t);
  return res;
}

/** A new case of `t`, brought by the setup actors to the state where `route` is valid for the right actor. */
async function prepare(t: Template, route: ActionRoute | 'view'): Promise<string> {
  const res = await register(t, 'officer', t.custodial, SETUP_USER);
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`setup registration answered ${res.statusCode}: ${res.body}`);
  const caseId = json(res).caseId as string;
  for (const s of route === 'view' ? [] : setupFor(route, t)) {
    const step = await send('POST', `/api/v1/cases/${caseId}/${s.segment}`, {
      token: await token(s.role, s.country, SETUP_USER),
      body: { requestId: `setup-${randomUUID()}`, ...s.body },
    });
    if (step.statusCode !== 200) throw new Error(`setup ${s.segment} for ${route} on ${t.name} answered ${step.statusCode}: ${step.body}`);
  }
  return caseId;
}

interface Cell {
  template: string;
  route: RouteName;
  role: Role;
  country: Country;
  expected: 'allow' | 'deny';
  status: number;
  ok: boolean;
}

function judge(route: RouteName, t: Template, role: Role, country: Country, status: number): Cell {
  const allow = expectedAllow(route, t, role, country);
  let ok: boolean;
  if (allow) ok = status === 200 || status === 201;
  else if (route === 'register') ok = status === 403;
  // A foreign case answers 404 exactly like a missing one; a case of the caller's country answers 403/409.
  else if (!involved(t).includes(country)) ok = status === 404;
  else ok = status === 403 || status === 409;
  return { template: t.name, route, role, country, expected: allow ? 'allow' : 'deny', status, ok };
}

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'handover-authz' });
  // Real days: no clock fires while the matrix runs. A high rate limit: the setup actors send many requests.
  app = await iso.app({ HANDOVER_DAY_SECONDS: '86400', HANDOVER_RATE_LIMIT: '1000000' });
});

afterAll(async () => {
  await iso?.stop();
});

describe('authorization matrix', () => {
  it('every role of every country against every case route and case: the expected allow/deny table holds exactly; 0 foreign cases in any list', async () => {
    const started = Date.now();
    const cells: Cell[] = [];

    // Reads: one case per template, read by all 30 callers.
    for (const t of TEMPLATES) {
      const caseId = await prepare(t, 'view');
      for (const { role, country } of callers) {
        const tk = await token(role, country);
        cells.push(judge('view', t, role, country, (await send('GET', `/api/v1/cases/${caseId}`, { token: tk })).statusCode));
        cells.push(judge('timeline', t, role, country, (await send('GET', `/api/v1/cases/${caseId}/timeline`, { token: tk })).statusCode));
      }
    }

    // Registration: every caller registers an arrest of each template's route.
    for (const t of TEMPLATES) {
      for (const { role, country } of callers) cells.push(judge('register', t, role, country, (await register(t, role, country, 1)).statusCode));
    }

    // Actions: one group per template and route; a fresh case after each allowed action.
    const groups = TEMPLATES.flatMap((t) => ACTIONS.map((route) => ({ t, route })));
    const groupCells = await mapWithConcurrency(groups, 6, async ({ t, route }) => {
      const out: Cell[] = [];
      let caseId: string | undefined;
      for (const { role, country } of callers) {
        caseId ??= await prepare(t, route);
        const res = await send('POST', `/api/v1/cases/${caseId}/${route}`, {
          token: await token(role, country),
          body: { requestId: `authz-${randomUUID()}`, ...actionBody(route, t, { role, country }) },
        });
        out.push(judge(route, t, role, country, res.statusCode));
        if (res.statusCode < 300) caseId = undefined;
      }
      return out;
    });
    cells.push(...groupCells.flat());

    // Lists: once visibility holds every case, each caller sees exactly the cases of their country.
    const all = [...created.keys()];
    await eventually(
      async () => {
        const seen = await listIds(await token('monitor', 'CN'));
        return all.every((id) => seen.has(id));
      },
      `all ${all.length} cases in visibility`,
      60_000,
    );
    let listCalls = 0;
    let foreignRows = 0;
    const listProblems: string[] = [];
    for (const { role, country } of callers) {
      const tk = await token(role, country);
      const expected = new Set(all.filter((id) => involved(created.get(id)!).includes(country)));
      for (const filter of [undefined, ...COUNTRIES]) {
        const rows = await listRows(tk, filter, () => (listCalls += 1));
        const foreign = rows.filter((r) => ![r.custodialCountry, r.receivingCountry, ...(r.transitCountries ?? [])].includes(country));
        foreignRows += foreign.length;
        if (filter === undefined) {
          const ids = new Set(rows.map((r) => r.caseId));
          const missing = [...expected].filter((id) => !ids.has(id));
          const extra = [...ids].filter((id) => !expected.has(id));
          if (missing.length + extra.length > 0) listProblems.push(`${role}:${country} missing ${missing.length}, extra ${extra.length}`);
        }
      }
    }

    const mismatches = cells.filter((c) => !c.ok);
    const byStatus = cells.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.status]: (acc[c.status] ?? 0) + 1 }), {});
    const report = {
      callers: callers.length,
      cases: TEMPLATES.map((t) => t.name),
      routes: ['view', 'timeline', 'register', ...ACTIONS].length,
      tableSize: cells.length,
      expectedAllow: cells.filter((c) => c.expected === 'allow').length,
      expectedDeny: cells.filter((c) => c.expected === 'deny').length,
      byStatus,
      mismatches: mismatches.length,
      casesCreated: created.size,
      listCalls,
      foreignRowsInLists: foreignRows,
      listsIncomplete: listProblems.length,
      retried503,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`\n[authz matrix] ${JSON.stringify(report, null, 2)}\n`);
    if (mismatches.length > 0) {
      process.stdout.write(
        `${mismatches.map((c) => `  MISMATCH ${c.template} ${c.route} ${c.role}:${c.country} expected ${c.expected}, got ${c.status}`).join('\n')}\n`,
      );
    }

    expect(cells).toHaveLength(callers.length * TEMPLATES.length * (3 + ACTIONS.length));
    expect(mismatches.map((c) => `${c.template} ${c.route} ${c.role}:${c.country} expected ${c.expected}, got ${c.status}`)).toEqual([]);
    expect(foreignRows).toBe(0);
    expect(listProblems).toEqual([]);
  }, 600_000);

  it('every role of every country against POST /schedules/bulk: the single schedule action\'s table, answered per case', async () => {
    // A case in scheduling takes a schedule and then reschedules: one case per template serves every caller.
    const cells: Cell[] = [];
    for (const t of TEMPLATES) {
      const caseId = await prepare(t, 'schedule');
      for (const { role, country } of callers) {
        const res = await send('POST', '/api/v1/schedules/bulk', {
          token: await token(role, country),
          body: { caseIds: [caseId], schedule: { requestId: `authz-${randomUUID()}`, ...actionBody('schedule', t) } },
        });
        // A role that never schedules is refused for the whole request, before any case is read (so it
        // says nothing about whose cases they are); every other caller gets each case's own answer.
        if (!WHO_MAY.schedule.roles.includes(role)) {
          cells.push({ template: t.name, route: 'schedule', role, country, expected: 'deny', status: res.statusCode, ok: res.statusCode === 403 });
          continue;
        }
        let status = res.statusCode;
        if (status === 200) {
          const [result] = json<{ results: { status: string; problem?: { status: number } }[] }>(res).results;
          status = result?.status === 'scheduled' || result?.status === 'rescheduled' ? 200 : result?.status === 'not-found' ? 404 : (result?.problem?.status ?? 500);
        }
        cells.push(judge('schedule', t, role, country, status));
      }
    }
    const mismatches = cells.filter((c) => !c.ok).map((c) => `${c.template} bulk schedule ${c.role}:${c.country} expected ${c.expected}, got ${c.status}`);
    expect(cells).toHaveLength(callers.length * TEMPLATES.length);
    expect(cells.filter((c) => c.expected === 'allow').length).toBe(TEMPLATES.length * 2);
    expect(mismatches).toEqual([]);
  }, 300_000);
});

interface Row {
  caseId: string;
  custodialCountry: Country;
  receivingCountry: Country;
  transitCountries?: Country[];
}

async function listRows(tk: string, country: Country | undefined, counted: () => void): Promise<Row[]> {
  const rows: Row[] = [];
  let pageToken: string | undefined;
  do {
    const query = new URLSearchParams({ pageSize: '100' });
    if (country) query.set('country', country);
    if (pageToken) query.set('pageToken', pageToken);
    const res = await send('GET', `/api/v1/cases?${query.toString()}`, { token: tk });
    counted();
    if (res.statusCode !== 200) throw new Error(`list answered ${res.statusCode}: ${res.body}`);
    const page = json<{ cases: Row[]; nextPageToken?: string }>(res);
    rows.push(...page.cases);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return rows;
}

async function listIds(tk: string): Promise<Set<string>> {
  return new Set((await listRows(tk, undefined, () => undefined)).map((r) => r.caseId));
}
