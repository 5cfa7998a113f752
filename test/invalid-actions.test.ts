/**
 * Invalid actions: 500 actions that the domain's rules refuse, sent through the API against a set of
 * cases in different stages. Each has exactly one defect, so its answer is known in advance:
 *
 *   wrong stage   the right person, but the case is not there (or already past it, on hold, closed) → 409
 *   wrong role    the right country and stage, a role that may not do it                            → 403
 *   wrong country a country of the case, but not the one whose step it is                           → 403
 *   foreign       a country the case does not involve (answered like a missing case)                → 404
 *   four eyes     a supervisor deciding the approval of a case they prepared a step of              → 403
 *
 * Every body is valid, so the refusal comes from who asks and when, not from validation. After all 500,
 * no case history has grown by a single event: a refused update writes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { mapWithConcurrency } from '../domain/concurrency';
import type { Country, Role } from '../domain/people';
import { call, json, registrationBody, startApiEnv, tokenFor, type ApiEnv, type CallOptions } from './helpers/api';
import { waitFor } from './helpers/ports';

const TOTAL = 500;
const AGREED_DATE = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

type Kind = 'wrong stage' | 'wrong role' | 'wrong country' | 'foreign' | 'four eyes';

interface Who {
  role: Role;
  country: Country;
  /** A fixed user (four eyes); otherwise a different user on every attempt. */
  n?: number;
}

interface InvalidAction {
  kind: Kind;
  caseKey: string;
  segment: string;
  who: Who;
  body: Record<string, unknown>;
  expect: 403 | 404 | 409;
  why: string;
}

interface Step {
  segment: string;
  who: Who;
  body: Record<string, unknown>;
}

const SETUP = 9;
const officer = (country: Country, n = SETUP): Who => ({ role: 'officer', country, n });
const supervisor = (country: Country, n = SETUP): Who => ({ role: 'supervisor', country, n });
const legal = (country: Country, n = SETUP): Who => ({ role: 'legal', country, n });

const BODIES = {
  screening: { result: 'cleared' },
  verification: { result: 'confirmed', reference: 'CONSULAR-1' },
  refoulement: { decision: 'proceed', reference: 'LEGAL-1' },
  formalRequest: { step: 'formal-request', reference: 'REQ-1', documents: [{ name: 'arrest warrant', received: true }] },
  approve: { decision: 'approve' },
  schedule: { agreedDate: AGREED_DATE, handoverPoint: 'border checkpoint', transport: 'land', escort: 'police escort' },
  hold: { reason: 'court petition' },
  withdraw: { reason: 'request withdrawn' },
};

/** The cases, each brought to its state by setup users (n = 9) or, for four eyes, by named supervisors. */
const CASES: Record<string, { route: { custodial: Country; receiving: Country; transit?: Country[]; track?: 'deportation' | 'extradition' }; steps: Step[] }> = {
  screening: { route: { custodial: 'KH', receiving: 'CN' }, steps: [] },
  held: { route: { custodial: 'KH', receiving: 'CN' }, steps: [{ segment: 'hold', who: supervisor('KH'), body: BODIES.hold }] },
  refoulement: { route: { custodial: 'LA', receiving: 'CN' }, steps: [{ segment: 'screening', who: officer('LA'), body: { result: 'refoulement-risk' } }] },
  verification: { route: { custodial: 'KH', receiving: 'CN' }, steps: [{ segment: 'screening', who: officer('KH'), body: BODIES.screening }] },
  // Prepared by supervisors 5 (screening, MM) and 5 (verification, CN); Thailand has consented already.
  approvalsTransit: {
    route: { custodial: 'MM', receiving: 'CN', transit: ['TH'] },
    steps: [
      { segment: 'screening', who: supervisor('MM', 5), body: BODIES.screening },
      { segment: 'verification', who: supervisor('CN', 5), body: BODIES.verification },
      { segment: 'approvals', who: supervisor('TH'), body: BODIES.approve },
    ],
  },
  // Prepared by supervisor 6 of KH (screening) and supervisor 6 of CN (verification).
  approvals: {
    route: { custodial: 'KH', receiving: 'CN' },
    steps: [
      { segment: 'screening', who: supervisor('KH', 6), body: BODIES.screening },
      { segment: 'verification', who: supervisor('CN', 6), body: BODIES.verification },
    ],
  },
  // The formal request arrived with a document missing from its checklist.
  legalReview: {
    route: { custodial: 'TH', receiving: 'CN', track: 'extradition' },
    steps: [
      { segment: 'screening', who: officer('TH'), body: BODIES.screening },
      { segment: 'verification', who: officer('CN'), body: BODIES.verification },
      { segment: 'legal-review', who: legal('TH'), body: { ...BODIES.formalRequest, documents: [{ name: 'arrest warrant', received: false }] } },
    ],
  },
  scheduling: {
    route: { custodial: 'KH', receiving: 'CN' },
    steps: [
      { segment: 'screening', who: officer('KH'), body: BODIES.screening },
      { segment: 'verification', who: officer('CN'), body: BODIES.verification },
      { segment: 'approvals', who: supervisor('KH'), body: BODIES.approve },
      { segment: 'approvals', who: supervisor('CN'), body: BODIES.approve },
    ],
  },
  inTransfer: {
    route: { custodial: 'MM', receiving: 'CN', transit: ['TH'] },
    steps: [
      { segment: 'screening', who: officer('MM'), body: BODIES.screening },
      { segment: 'verification', who: officer('CN'), body: BODIES.verification },
      { segment: 'approvals', who: supervisor('MM'), body: BODIES.approve },
      { segment: 'approvals', who: supervisor('CN'), body: BODIES.approve },
      { segment: 'approvals', who: supervisor('TH'), body: BODIES.approve },
      { segment: 'schedule', who: officer('MM'), body: BODIES.schedule },
      { segment: 'custody-events', who: officer('MM'), body: { event: 'released-by-custodial', country: 'MM' } },
    ],
  },
  closed: { route: { custodial: 'KH', receiving: 'CN' }, steps: [{ segment: 'screening', who: officer('KH'), body: { result: 'victim' } }] },
};

const anyone = (role: Role, country: Country): Who => ({ role, country });

/** The catalog: one defect each, the answer the domain's rules give. */
const CATALOG: InvalidAction[] = [
  // Wrong stage: the right person at the wrong time.
  ...(
    [
      ['screening', 'verification', anyone('officer', 'CN'), BODIES.verification, 'verification before screening'],
      ['screening', 'approvals', anyone('supervisor', 'KH'), BODIES.approve, 'approval before verification'],
      ['screening', 'schedule', anyone('officer', 'KH'), BODIES.schedule, 'scheduling before approvals'],
      ['screening', 'custody-events', anyone('officer', 'KH'), { event: 'released-by-custodial', country: 'KH' }, 'release before scheduling'],
      ['screening', 'legal-review', anyone('legal', 'KH'), BODIES.formalRequest, 'legal review on a deportation'],
      ['screening', 'refoulement-review', anyone('legal', 'KH'), BODIES.refoulement, 'refoulement decision with no review pending'],
      ['screening', 'resume', anyone('supervisor', 'KH'), {}, 'resume without a hold'],
      ['screening', 'clock-extensions', anyone('legal', 'KH'), { clock: 'immigration-detention', days: 31, decisionReference: 'DEC-1' }, 'extension beyond the maximum'],
      ['screening', 'clock-extensions', anyone('legal', 'KH'), { clock: 'take-over', days: 1, decisionReference: 'DEC-1' }, 'extending a clock that has not started'],
      ['held', 'screening', anyone('officer', 'KH'), BODIES.screening, 'screening while on legal hold'],
      ['held', 'hold', anyone('legal', 'CN'), BODIES.hold, 'a second legal hold'],
      ['verification', 'screening', anyone('officer', 'KH'), BODIES.screening, 'screening twice'],
      ['verification', 'approvals', anyone('supervisor', 'CN'), BODIES.approve, 'approval before verification'],
      ['approvalsTransit', 'screening', anyone('officer', 'MM'), BODIES.screening, 'screening in approvals'],
      ['approvalsTransit', 'verification', anyone('officer', 'CN'), BODIES.verification, 'verification in approvals'],
      ['approvalsTransit', 'schedule', anyone('officer', 'MM'), BODIES.schedule, 'scheduling before every approval'],
      ['approvalsTransit', 'custody-events', anyone('officer', 'MM'), { event: 'released-by-custodial', country: 'MM' }, 'release before scheduling'],
      ['approvalsTransit', 'approvals', anyone('supervisor', 'TH'), BODIES.approve, 'transit consent given twice'],
      ['legalReview', 'legal-review', anyone('legal', 'TH'), { step: 'court-decision', decision: 'extraditable', reference: 'COURT-1' }, 'court decision on an incomplete request'],
      ['legalReview', 'legal-review', anyone('legal', 'TH'), { step: 'executive-decision', decision: 'granted', reference: 'EXEC-1' }, 'executive decision before the court'],
      ['legalReview', 'approvals', anyone('supervisor', 'CN'), BODIES.approve, 'approval during legal review'],
      ['legalReview', 'verification', anyone('officer', 'CN'), BODIES.verification, 'verification during legal review'],
      ['scheduling', 'custody-events', anyone('officer', 'KH'), { event: 'released-by-custodial', country: 'KH' }, 'release before a date is agreed'],
      ['scheduling', 'screening', anyone('officer', 'KH'), BODIES.screening, 'screening in scheduling'],
      ['scheduling', 'approvals', anyone('supervisor', 'KH'), BODIES.approve, 'approval given twice'],
      ['inTransfer', 'custody-events', anyone('officer', 'MM'), { event: 'released-by-custodial', country: 'MM' }, 'release recorded twice'],
      ['inTransfer', 'custody-events', anyone('officer', 'CN'), { event: 'received-by-receiving', country: 'CN', identityRechecked: true }, 'arrival before transit'],
      ['inTransfer', 'custody-events', anyone('officer', 'TH'), { event: 'left-transit', country: 'TH' }, 'leaving transit before entering'],
      ['inTransfer', 'schedule', anyone('officer', 'MM'), BODIES.schedule, 'rescheduling after release'],
      ['closed', 'screening', anyone('officer', 'KH'), BODIES.screening, 'screening a closed case'],
      ['closed', 'hold', anyone('supervisor', 'KH'), BODIES.hold, 'hold on a closed case'],
      ['closed', 'withdraw', anyone('supervisor', 'CN'), BODIES.withdraw, 'withdrawing a closed case'],
      ['closed', 'verification', anyone('officer', 'CN'), BODIES.verification, 'verifying a closed case'],
    ] as const
  ).map(([caseKey, segment, who, body, why]): InvalidAction => ({ kind: 'wrong stage', caseKey, segment, who, body, expect: 409, why })),

  // Wrong role: the right country and stage.
  ...(
    [
      ['screening', 'screening', anyone('legal', 'KH'), BODIES.screening],
      ['screening', 'screening', anyone('monitor', 'KH'), BODIES.screening],
      ['screening', 'screening', anyone('admin', 'KH'), BODIES.screening],
      ['screening', 'hold', anyone('officer', 'KH'), BODIES.hold],
      ['screening', 'hold', anyone('monitor', 'CN'), BODIES.hold],
      ['screening', 'withdraw', anyone('officer', 'CN'), BODIES.withdraw],
      ['screening', 'withdraw', anyone('admin', 'CN'), BODIES.withdraw],
      ['screening', 'clock-extensions', anyone('supervisor', 'KH'), { clock: 'immigration-detention', days: 1, decisionReference: 'DEC-1' }],
      ['verification', 'verification', anyone('legal', 'CN'), BODIES.verification],
      ['verification', 'verification', anyone('monitor', 'CN'), BODIES.verification],
      ['verification', 'verification', anyone('admin', 'CN'), BODIES.verification],
      ['approvals', 'approvals', anyone('officer', 'CN'), BODIES.approve],
      ['approvals', 'approvals', anyone('legal', 'KH'), BODIES.approve],
      ['approvalsTransit', 'approvals', anyone('officer', 'MM'), BODIES.approve],
      ['approvalsTransit', 'approvals', anyone('admin', 'CN'), BODIES.approve],
      ['legalReview', 'legal-review', anyone('officer', 'TH'), { ...BODIES.formalRequest }],
      ['legalReview', 'legal-review', anyone('supervisor', 'TH'), { ...BODIES.formalRequest }],
      ['scheduling', 'schedule', anyone('legal', 'KH'), BODIES.schedule],
      ['scheduling', 'schedule', anyone('monitor', 'KH'), BODIES.schedule],
      ['inTransfer', 'custody-events', anyone('legal', 'TH'), { event: 'entered-transit', country: 'TH' }],
      ['inTransfer', 'custody-events', anyone('admin', 'TH'), { event: 'entered-transit', country: 'TH' }],
      ['refoulement', 'refoulement-review', anyone('officer', 'LA'), BODIES.refoulement],
      ['refoulement', 'refoulement-review', anyone('supervisor', 'LA'), BODIES.refoulement],
    ] as const
  ).map(([caseKey, segment, who, body]): InvalidAction => ({ kind: 'wrong role', caseKey, segment, who, body, expect: 403, why: `${who.role} may not ${segment}` })),

  // Wrong country: a country of the case, not the one whose step it is.
  ...(
    [
      ['screening', 'screening', anyone('officer', 'CN'), BODIES.screening],
      ['screening', 'clock-extensions', anyone('legal', 'CN'), { clock: 'immigration-detention', days: 1, decisionReference: 'DEC-1' }],
      ['screening', 'withdraw', anyone('supervisor', 'KH'), BODIES.withdraw],
      ['verification', 'verification', anyone('officer', 'KH'), BODIES.verification],
      ['approvalsTransit', 'withdraw', anyone('supervisor', 'TH'), BODIES.withdraw],
      ['approvalsTransit', 'hold', anyone('legal', 'TH'), BODIES.hold],
      ['legalReview', 'legal-review', anyone('legal', 'CN'), BODIES.formalRequest],
      ['scheduling', 'schedule', anyone('officer', 'CN'), BODIES.schedule],
      ['inTransfer', 'custody-events', anyone('officer', 'MM'), { event: 'entered-transit', country: 'TH' }],
      ['inTransfer', 'custody-events', anyone('officer', 'CN'), { event: 'entered-transit', country: 'TH' }],
      ['refoulement', 'refoulement-review', anyone('legal', 'CN'), BODIES.refoulement],
    ] as const
  ).map(([caseKey, segment, who, body]): InvalidAction => ({ kind: 'wrong country', caseKey, segment, who, body, expect: 403, why: `${who.country} may not ${segment} here` })),

  // Foreign: the case does not involve the caller's country.
  ...(
    [
      ['screening', 'screening', anyone('officer', 'VN'), BODIES.screening],
      ['screening', 'hold', anyone('legal', 'TH'), BODIES.hold],
      ['screening', 'withdraw', anyone('supervisor', 'LA'), BODIES.withdraw],
      ['approvalsTransit', 'approvals', anyone('supervisor', 'KH'), BODIES.approve],
      ['approvalsTransit', 'verification', anyone('officer', 'VN'), BODIES.verification],
      ['legalReview', 'legal-review', anyone('legal', 'MM'), BODIES.formalRequest],
      ['legalReview', 'hold', anyone('supervisor', 'KH'), BODIES.hold],
      ['inTransfer', 'custody-events', anyone('officer', 'LA'), { event: 'entered-transit', country: 'TH' }],
      ['closed', 'screening', anyone('officer', 'LA'), BODIES.screening],
      ['refoulement', 'refoulement-review', anyone('legal', 'KH'), BODIES.refoulement],
    ] as const
  ).map(([caseKey, segment, who, body]): InvalidAction => ({ kind: 'foreign', caseKey, segment, who, body, expect: 404, why: `${who.country} is not involved` })),

  // Four eyes: the supervisors who prepared a step decide the approval.
  ...(
    [
      ['approvalsTransit', supervisor('MM', 5), 'screened it'],
      ['approvalsTransit', supervisor('CN', 5), 'verified it'],
      ['approvals', supervisor('KH', 6), 'screened it'],
      ['approvals', supervisor('CN', 6), 'verified it'],
    ] as const
  ).map(([caseKey, who, what]): InvalidAction => ({ kind: 'four eyes', caseKey, segment: 'approvals', who, body: BODIES.approve, expect: 403, why: `approver ${what}` })),
];

// -------------------------------------------------------------------------------------------------
// The test
// -------------------------------------------------------------------------------------------------

let api: ApiEnv;
const caseIds = new Map<string, string>();
const tokens = new Map<string, Promise<string>>();

/** 503s answered while the shared dev server was too slow, and retried (a refusal is never a 503). */
let retried503 = 0;

/** One request; a 503 is repeated as a client would, with the same body and request id. */
async function send(url: string, opts: CallOptions): Promise<LightMyRequestResponse> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await call(api.app, 'POST', url, opts);
    if (res.statusCode !== 503 || Date.now() > deadline) return res;
    retried503 += 1;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function token(who: Who, n: number): Promise<string> {
  const key = `${who.role}:${who.country}:${n}`;
  if (!tokens.has(key)) tokens.set(key, tokenFor(who.role, who.country, n));
  return tokens.get(key)!;
}

async function settledHistoryLength(caseId: string): Promise<number> {
  const handle = api.client.workflow.getHandle(caseId);
  return waitFor(
    async () => {
      const { raw } = await handle.describe();
      if ((raw.pendingActivities?.length ?? 0) > 0 || raw.pendingWorkflowTask != null) return undefined;
      const events = (await handle.fetchHistory()).events ?? [];
      return events.some((e) => e.workflowTaskCompletedEventAttributes) ? events.length : undefined;
    },
    { what: `case ${caseId} to settle`, intervalMs: 100 },
  );
}

beforeAll(async () => {
  // Real days: no working SLA reminds and no clock fires while the test runs, so only an action could
  // add events. A high rate limit: a few users send many of the 500 requests.
  api = await startApiEnv({ configEnv: { HANDOVER_DAY_SECONDS: '86400', HANDOVER_RATE_LIMIT: '1000000' } });
  await Promise.all(
    Object.entries(CASES).map(async ([key, { route, steps }]) => {
      const body = registrationBody({ track: route.track, custodial: route.custodial, receiving: route.receiving, transit: route.transit });
      const res = await send('/api/v1/cases', { token: await token(officer(route.custodial), SETUP), body });
      if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`registering ${key}: ${res.statusCode} ${res.body}`);
      const caseId = json(res).caseId as string;
      for (const s of steps) {
        const step = await send(`/api/v1/cases/${caseId}/${s.segment}`, {
          token: await token(s.who, s.who.n ?? SETUP),
          body: { requestId: `setup-${randomUUID()}`, ...s.body },
        });
        if (step.statusCode !== 200) throw new Error(`setting up ${key}: ${s.segment} answered ${step.statusCode} ${step.body}`);
      }
      caseIds.set(key, caseId);
    }),
  );
});

afterAll(async () => {
  await api?.stop();
});

describe('invalid actions', () => {
  it(`${TOTAL} invalid actions (wrong stage, role, country, foreign, four eyes) are refused and no history grows`, async () => {
    const started = Date.now();
    const before = new Map<string, number>();
    for (const id of caseIds.values()) before.set(id, await settledHistoryLength(id));

    // 500 attempts: the catalog round-robin, each attempt by a user of its own (four eyes: the named one).
    const attempts = Array.from({ length: TOTAL }, (_, i) => ({ action: CATALOG[i % CATALOG.length], n: 100 + i }));
    const answers = await mapWithConcurrency(attempts, 8, async ({ action, n }) => {
      const res = await send(`/api/v1/cases/${caseIds.get(action.caseKey)}/${action.segment}`, {
        token: await token(action.who, action.who.n ?? n),
        body: { requestId: `invalid-${randomUUID()}`, ...action.body },
      });
      const problem = String(res.headers['content-type']).startsWith('application/problem+json');
      const detail = problem ? String(json<{ detail?: string }>(res).detail ?? '') : '';
      return { action, status: res.statusCode, problem, detail };
    });

    const after = new Map<string, number>();
    for (const id of caseIds.values()) after.set(id, await settledHistoryLength(id));
    const grown = [...caseIds.entries()].filter(([, id]) => after.get(id) !== before.get(id)).map(([key, id]) => `${key}: ${before.get(id)} → ${after.get(id)}`);

    const count = (keys: (string | number)[]) => keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[String(k)] ?? 0) + 1 }), {});
    // Four eyes is named as the reason; a foreign case answers exactly like a missing one.
    const reasonOk = (a: (typeof answers)[number]) =>
      a.action.kind === 'four eyes' ? /four eyes/.test(a.detail) : a.action.kind === 'foreign' ? a.detail === 'No such case' : true;
    const wrong = answers.filter((a) => a.status !== a.action.expect || !a.problem || !reasonOk(a));
    const report = {
      actions: answers.length,
      catalogEntries: CATALOG.length,
      cases: caseIds.size,
      byKind: count(answers.map((a) => a.action.kind)),
      byStatus: count(answers.map((a) => a.status)),
      rejected: answers.filter((a) => [403, 404, 409].includes(a.status)).length,
      unexpectedAnswers: wrong.length,
      historyEventsBefore: [...before.values()].reduce((a, b) => a + b, 0),
      historyEventsAfter: [...after.values()].reduce((a, b) => a + b, 0),
      casesWhoseHistoryGrew: grown.length,
      retried503,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`\n[invalid actions] ${JSON.stringify(report, null, 2)}\n`);

    expect(answers).toHaveLength(TOTAL);
    expect([...new Set(wrong.map((a) => `${a.action.kind} ${a.action.caseKey}/${a.action.segment} by ${a.action.who.role}:${a.action.who.country} (${a.action.why}): expected ${a.action.expect}, got ${a.status}`))]).toEqual([]);
    expect(report.rejected).toBe(TOTAL);
    expect(grown).toEqual([]);
  }, 300_000);
});
