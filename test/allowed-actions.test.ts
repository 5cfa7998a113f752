/**
 * The case view's `allowedActions` against what the case accepts: cases in every stage of the three
 * routes (KH → CN deportation, MM → TH → CN transit, TH → CN extradition), with a refoulement-risk review,
 * a legal hold, a claimed step, four eyes and a closed case, read by every role of every country through
 * the API. For each caller and state:
 *
 *   - every listed action, sent with a valid body for that state, is accepted (on a fresh case in the same
 *     state, since an accepted action changes the case);
 *   - every action not listed is refused: 403 or 409 for a country of the case, 404 for a foreign one
 *     (refusals write nothing, so they share one case per state).
 *
 * Also: POST /cases answers the registering officer's allowedActions, and an update's view is its actor's.
 * Runs on a namespace of its own with real days, so no clock acts while it runs.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { HandoverApp } from '../api/app';
import { CASE_ACTION_SEGMENTS, type CaseActionSegment, type CaseView, type Track } from '../domain/case';
import type { LegalClockName } from '../domain/clocks';
import { mapWithConcurrency } from '../domain/concurrency';
import { COUNTRIES, ROLES, type Country, type Role } from '../domain/people';
import { findTreatyProfile } from '../domain/treaty-profiles';
import { call, json, registrationBody, subjectOf, tokenFor, type CallOptions } from './helpers/api';
import { startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

interface Template {
  track: Track;
  custodial: Country;
  receiving: Country;
  transit: Country[];
}

const KH_CN: Template = { track: 'deportation', custodial: 'KH', receiving: 'CN', transit: [] };
const MM_TH_CN: Template = { track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] };
const TH_CN: Template = { track: 'extradition', custodial: 'TH', receiving: 'CN', transit: [] };

interface Step {
  segment: CaseActionSegment;
  role: Role;
  country: Country;
  /** Setup users are n = 9 (never a caller of the matrix) unless a state needs a caller to have acted. */
  n?: number;
  body: Record<string, unknown>;
}

const AGREED_DATE = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
const SCHEDULE = { agreedDate: AGREED_DATE, handoverPoint: 'border checkpoint', transport: 'land', escort: 'police escort' };
const FORMAL_REQUEST = { step: 'formal-request', reference: 'REQ-1', documents: [{ name: 'arrest warrant', received: true }] };

const screen = (t: Template, result = 'cleared', role: Role = 'officer', n?: number): Step => ({ segment: 'screening', role, country: t.custodial, n, body: { result } });
const verify = (t: Template): Step => ({ segment: 'verification', role: 'officer', country: t.receiving, body: { result: 'confirmed', reference: 'CONSULAR-9' } });
const legalSteps = (t: Template): Step[] => [
  { segment: 'legal-review', role: 'legal', country: t.custodial, body: FORMAL_REQUEST },
  { segment: 'legal-review', role: 'legal', country: t.custodial, body: { step: 'court-decision', decision: 'extraditable', reference: 'COURT-9' } },
  { segment: 'legal-review', role: 'legal', country: t.custodial, body: { step: 'executive-decision', decision: 'granted', reference: 'EXEC-9' } },
];
const approveAll = (t: Template): Step[] =>
  [t.custodial, t.receiving, ...t.transit].map((country) => ({ segment: 'approvals' as const, role: 'supervisor' as const, country, body: { decision: 'approve' } }));
const schedule = (t: Template): Step => ({ segment: 'schedule', role: 'officer', country: t.custodial, body: SCHEDULE });

interface State {
  name: string;
  t: Template;
  steps: Step[];
}

const STATES: State[] = [
  { name: 'KH→CN screening', t: KH_CN, steps: [] },
  { name: 'KH→CN refoulement-risk review', t: KH_CN, steps: [screen(KH_CN, 'refoulement-risk')] },
  { name: 'KH→CN screening on legal hold', t: KH_CN, steps: [{ segment: 'hold', role: 'legal', country: 'CN', body: { reason: 'court petition' } }] },
  // Claimed by an officer who is not a caller: the matrix's officer of KH may not change it, its supervisor may.
  { name: 'KH→CN screening claimed', t: KH_CN, steps: [{ segment: 'assignment', role: 'officer', country: 'KH', n: 2, body: { assignee: subjectOf('officer', 'KH', 2) } }] },
  { name: 'KH→CN verification', t: KH_CN, steps: [screen(KH_CN)] },
  { name: 'KH→CN approvals', t: KH_CN, steps: [screen(KH_CN), verify(KH_CN)] },
  { name: 'KH→CN scheduling', t: KH_CN, steps: [screen(KH_CN), verify(KH_CN), ...approveAll(KH_CN)] },
  { name: 'KH→CN scheduled', t: KH_CN, steps: [screen(KH_CN), verify(KH_CN), ...approveAll(KH_CN), schedule(KH_CN)] },
  { name: 'KH→CN closed', t: KH_CN, steps: [{ segment: 'withdraw', role: 'supervisor', country: 'CN', body: { reason: 'request withdrawn' } }] },
  // Screened by the caller supervisor of MM: four eyes keeps them from Myanmar's approval.
  { name: 'MM→TH→CN approvals, four eyes', t: MM_TH_CN, steps: [screen(MM_TH_CN, 'cleared', 'supervisor', 1), verify(MM_TH_CN)] },
  {
    name: 'MM→TH→CN in transfer',
    t: MM_TH_CN,
    steps: [
      screen(MM_TH_CN),
      verify(MM_TH_CN),
      ...approveAll(MM_TH_CN),
      schedule(MM_TH_CN),
      { segment: 'custody-events', role: 'officer', country: 'MM', body: { event: 'released-by-custodial', country: 'MM' } },
    ],
  },
  { name: 'TH→CN legal review', t: TH_CN, steps: [screen(TH_CN), verify(TH_CN)] },
  { name: 'TH→CN court decided', t: TH_CN, steps: [screen(TH_CN), verify(TH_CN), ...legalSteps(TH_CN).slice(0, 2)] },
  { name: 'TH→CN scheduled', t: TH_CN, steps: [screen(TH_CN), verify(TH_CN), ...legalSteps(TH_CN), ...approveAll(TH_CN), schedule(TH_CN)] },
];

const involved = (t: Template): Country[] => [t.custodial, t.receiving, ...t.transit];
const callers = COUNTRIES.flatMap((country) => ROLES.map((role) => ({ role, country })));

/** A valid body of `segment` for the case as `view` shows it, sent by `caller`. */
function validBody(segment: CaseActionSegment, view: CaseView, t: Template, caller: { role: Role; country: Country }): Record<string, unknown> {
  switch (segment) {
    case 'screening':
      return { result: 'cleared' };
    case 'refoulement-review':
      return { decision: 'proceed', reference: 'LEGAL-REF-1' };
    case 'verification':
      return { result: 'confirmed', reference: 'CONSULAR-1' };
    case 'legal-review':
      return view.legalReview?.courtDecision?.decision === 'extraditable'
        ? { step: 'executive-decision', decision: 'granted', reference: 'EXEC-1' }
        : FORMAL_REQUEST;
    case 'approvals':
      return { decision: 'approve' };
    case 'schedule':
      return SCHEDULE;
    case 'custody-events': {
      // Nothing expected yet: the release, for a refusal.
      const next = view.expectedCustodyEvent ?? { event: 'released-by-custodial', country: t.custodial };
      return { event: next.event, country: next.country, ...(next.event === 'received-by-receiving' ? { identityRechecked: true } : {}) };
    }
    case 'custody-exceptions':
      // The caller's own kind: did-not-board for the custodial country, identity-mismatch for the others.
      return { exception: caller.country === t.custodial ? 'did-not-board' : 'identity-mismatch', note: 'not boarded / not the person' };
    case 'hold':
      return { reason: 'court petition' };
    case 'resume':
      return {};
    case 'withdraw':
      return { reason: 'request withdrawn' };
    case 'clock-extensions': {
      // A running legal clock of the case with extension left under its treaty profile.
      const profile = findTreatyProfile(t.track, t.custodial, t.receiving);
      const clock = view.clocks.find((c) => {
        const rule = profile.legalClocks[c.name as LegalClockName];
        return c.kind === 'legal' && c.status === 'running' && rule !== undefined && rule.maxExtensionDays > (c.extendedByDays ?? 0);
      });
      // None: any valid clock name, for a refusal.
      return { clock: clock?.name ?? 'take-over', days: 1, decisionReference: 'DECISION-1' };
    }
    case 'assignment': {
      const me = subjectOf(caller.role, caller.country, 1);
      return { assignee: view.assignment?.assignee === me ? null : me };
    }
  }
}

let iso: IsolatedApi;
let app: HandoverApp;
const tokens = new Map<string, Promise<string>>();
let retried503 = 0;

function token(role: Role, country: Country, n = 1): Promise<string> {
  const key = `${role}:${country}:${n}`;
  if (!tokens.has(key)) tokens.set(key, tokenFor(role, country, n));
  return tokens.get(key)!;
}

/** One request; a 503 from a slow shared dev server is repeated with the same body and request id. */
async function send(method: 'GET' | 'POST', url: string, opts: CallOptions): Promise<LightMyRequestResponse> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await call(app, method, url, opts);
    if (res.statusCode !== 503 || Date.now() > deadline) return res;
    retried503 += 1;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function act(caseId: string, segment: string, role: Role, country: Country, n: number, body: Record<string, unknown>) {
  return send('POST', `/api/v1/cases/${caseId}/${segment}`, { token: await token(role, country, n), body: { requestId: `aa-${randomUUID()}`, ...body } });
}

/** A new case of the state's template, brought to the state by its steps. */
async function prepare(state: State): Promise<{ caseId: string; registered: CaseView }> {
  const { t } = state;
  const res = await send('POST', '/api/v1/cases', {
    token: await token('officer', t.custodial, 9),
    body: registrationBody({ track: t.track, custodial: t.custodial, receiving: t.receiving, transit: t.transit, externalReference: `ALLOWED-${randomUUID()}` }),
  });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`registration answered ${res.statusCode}: ${res.body}`);
  const registered = json<CaseView>(res);
  for (const s of state.steps) {
    const step = await act(registered.caseId, s.segment, s.role, s.country, s.n ?? 9, s.body);
    if (step.statusCode !== 200) throw new Error(`setup ${s.segment} for ${state.name} answered ${step.statusCode}: ${step.body}`);
  }
  return { caseId: registered.caseId, registered };
}

interface Outcome {
  state: string;
  caller: string;
  segment: CaseActionSegment;
  listed: boolean;
  status: number;
  ok: boolean;
}

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'handover-allowed' });
  app = await iso.app({ HANDOVER_DAY_SECONDS: '86400', HANDOVER_RATE_LIMIT: '1000000' });
});

afterAll(async () => {
  await iso?.stop();
});

describe('allowedActions', () => {
  it('the registering officer gets theirs from POST /cases, an actor gets theirs from an update; readers without an acting role get none', async () => {
    const { caseId, registered } = await prepare(STATES[0]);
    expect(registered.allowedActions).toEqual(['screening', 'assignment']);
    const read = json<CaseView>(await send('GET', `/api/v1/cases/${caseId}`, { token: await token('officer', 'KH', 9) }));
    expect(read.allowedActions).toEqual(registered.allowedActions);

    const held = json<CaseView>(await act(caseId, 'hold', 'legal', 'KH', 1, { reason: 'court petition' }));
    // A legal officer of the custodial country: lift the hold, extend detention, claim the wait on them.
    expect(held.allowedActions).toEqual(['resume', 'clock-extensions', 'assignment']);
    for (const role of ['monitor', 'admin'] as const) {
      expect(json<CaseView>(await send('GET', `/api/v1/cases/${caseId}`, { token: await token(role, 'KH') })).allowedActions).toEqual([]);
    }
  });

  it('lists exactly what each role of each country may do, state by state', async () => {
    const started = Date.now();
    const outcomes: Outcome[] = [];

    const perState = await mapWithConcurrency(STATES, 4, async (state) => {
      const out: Outcome[] = [];
      const shared = await prepare(state);
      const accepted: { caller: { role: Role; country: Country }; segment: CaseActionSegment; view: CaseView }[] = [];
      for (const caller of callers) {
        const label = `${caller.role}:${caller.country}`;
        const read = await send('GET', `/api/v1/cases/${shared.caseId}`, { token: await token(caller.role, caller.country) });
        const foreign = !involved(state.t).includes(caller.country);
        if (foreign) {
          // A foreign case is answered like a missing one: no view, and every action 404.
          expect({ state: state.name, label, status: read.statusCode }).toEqual({ state: state.name, label, status: 404 });
        } else {
          expect({ state: state.name, label, status: read.statusCode }).toEqual({ state: state.name, label, status: 200 });
        }
        const view = foreign ? undefined : json<CaseView>(read);
        const listed = new Set(view?.allowedActions ?? []);
        for (const segment of CASE_ACTION_SEGMENTS) {
          if (listed.has(segment)) {
            accepted.push({ caller, segment, view: view! });
            continue;
          }
          const body = view ? validBody(segment, view, state.t, caller) : foreignBody(segment);
          const res = await act(shared.caseId, segment, caller.role, caller.country, 1, body);
          const ok = foreign ? res.statusCode === 404 : res.statusCode === 403 || res.statusCode === 409;
          out.push({ state: state.name, caller: label, segment, listed: false, status: res.statusCode, ok });
        }
      }
      // Every listed action on a fresh case in the same state, as that caller.
      const tried = await mapWithConcurrency(accepted, 2, async ({ caller, segment, view }) => {
        const fresh = await prepare(state);
        const res = await act(fresh.caseId, segment, caller.role, caller.country, 1, validBody(segment, view, state.t, caller));
        const outcome: Outcome = { state: state.name, caller: `${caller.role}:${caller.country}`, segment, listed: true, status: res.statusCode, ok: res.statusCode === 200 };
        if (res.statusCode === 200) {
          // The update's view is its actor's: the same list a read by that actor gives.
          const after = json<CaseView>(await send('GET', `/api/v1/cases/${fresh.caseId}`, { token: await token(caller.role, caller.country) }));
          if (JSON.stringify(json<CaseView>(res).allowedActions) !== JSON.stringify(after.allowedActions)) {
            outcome.ok = false;
            outcome.status = -1;
          }
        }
        return outcome;
      });
      return [...out, ...tried];
    });
    outcomes.push(...perState.flat());

    const mismatches = outcomes.filter((o) => !o.ok);
    const coverage = Object.fromEntries(
      CASE_ACTION_SEGMENTS.map((s) => [s, { accepted: outcomes.filter((o) => o.segment === s && o.listed && o.ok).length, refused: outcomes.filter((o) => o.segment === s && !o.listed && o.ok).length }]),
    );
    process.stdout.write(
      `\n[allowed actions] ${JSON.stringify({ states: STATES.length, callers: callers.length, attempts: outcomes.length, accepted: outcomes.filter((o) => o.listed).length, mismatches: mismatches.length, retried503, seconds: Math.round((Date.now() - started) / 1000), coverage })}\n`,
    );
    expect(mismatches.map((o) => `${o.state}: ${o.caller} ${o.segment} ${o.listed ? 'listed' : 'not listed'} → ${o.status}`)).toEqual([]);
    expect(outcomes).toHaveLength(STATES.length * callers.length * CASE_ACTION_SEGMENTS.length);
    // Every action is accepted in some state and refused in some state.
    for (const [segment, c] of Object.entries(coverage)) expect({ segment, accepted: c.accepted > 0, refused: c.refused > 0 }).toEqual({ segment, accepted: true, refused: true });
  }, 600_000);
});

/** Bodies for foreign callers, who see no view: any valid body (the answer is 404 before the body matters). */
function foreignBody(segment: CaseActionSegment): Record<string, unknown> {
  switch (segment) {
    case 'screening':
      return { result: 'cleared' };
    case 'refoulement-review':
      return { decision: 'proceed', reference: 'LEGAL-REF-1' };
    case 'verification':
      return { result: 'confirmed' };
    case 'legal-review':
      return FORMAL_REQUEST;
    case 'approvals':
      return { decision: 'approve' };
    case 'schedule':
      return SCHEDULE;
    case 'custody-events':
      return { event: 'released-by-custodial', country: 'KH' };
    case 'custody-exceptions':
      return { exception: 'did-not-board', note: 'x' };
    case 'hold':
    case 'withdraw':
      return { reason: 'x' };
    case 'resume':
      return {};
    case 'clock-extensions':
      return { clock: 'take-over', days: 1, decisionReference: 'DECISION-1' };
    case 'assignment':
      return { assignee: null };
  }
}
