/**
 * What one case costs in Temporal: history events and billable actions per kind of case, counted from
 * its event history, and the budget each kind must stay within. The budget test
 * (test/case-history-budget.test.ts) drives the four paths below on a dev server and fails when a case
 * writes more than its budget; `npm run bench -- history` prints the same counts next to a workflow
 * that takes the same updates and does nothing else (bench/minimal-workflow.ts).
 *
 * Billable actions, counted the way Temporal Cloud bills them, as far as the history shows them:
 * - the workflow started (a continue-as-new or a child workflow start also counts): 1;
 * - every timer started (the SDK's own timers too, e.g. condition with a timeout): 1;
 * - every activity attempt (ActivityTaskStarted's attempt number: only the last attempt is in history): 1 each;
 * - local activities: 1 per workflow task that recorded any (all local activities of one task are one action);
 * - every signal received or sent, every accepted update (a rejected update is billed too, but never
 *   reaches history, so it is not counted here): 1;
 * - every UpsertWorkflowSearchAttributes: 1, except one that carries only TemporalChangeVersion (the
 *   versioning attribute written with a patch marker is exempt); attributes given at start are free;
 * - markers: a side effect's is 1; patch markers (core_patch) and local-activity markers (counted above) 0.
 * Not in history and so not counted: queries (billed per query), rejected updates, heartbeats.
 * Workflow tasks, completions, fired and canceled timers cost events but no action.
 *
 * Counts are deterministic: each path waits for the registration's workflow task before the first
 * action and for each action's answer before the next, so every action has its own workflow task and no
 * clock fires (a one-minute clock day; nothing is due within the few seconds a path takes).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { deriveCaseId, registrationHash } from '../api/case-ids';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, type ActionResult, type CaseInput, type CaseRegistration, type Track } from '../domain/case';
import { resolveClocks } from '../domain/clocks';
import type { Actor, Country, Role } from '../domain/people';
import { findTreatyProfile } from '../domain/treaty-profiles';
import { startSearchAttributes } from '../workflows/case/transition';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export type CostPathName = 'deportation-direct' | 'deportation-transit' | 'extradition' | 'victim';

export interface HistoryCost {
  events: number;
  actions: number;
}

/**
 * The budget: what the case workflow writes per path (the lean history, behind patched('lean-history')).
 * A change that adds events or actions to a path fails the budget test; lower a number when a change
 * removes some.
 */
export const HISTORY_BUDGET: Record<CostPathName, HistoryCost> = {
  // Before the lean history: 79 / 25, 104 / 34, 102 / 33, 24 / 6.
  'deportation-direct': { events: 62, actions: 18 },
  'deportation-transit': { events: 80, actions: 24 },
  extradition: { events: 79, actions: 23 },
  victim: { events: 20, actions: 5 },
};

/** The event's type without its prefix (`TIMER_STARTED`), whether decoded with enum names or numbers. */
function typeName(e: HistoryEvent): string {
  const t = e.eventType as unknown;
  const name = typeof t === 'number' ? (temporal.api.enums.v1.EventType[t] ?? String(t)) : typeof t === 'string' ? t : '';
  return name.replace(/^EVENT_TYPE_/, '');
}

const is = (e: HistoryEvent, type: string): boolean => typeName(e) === type;

const CHANGE_VERSION = 'TemporalChangeVersion';

/** Events and billable actions of one history (the rule above). */
export function historyCost(events: HistoryEvent[]): HistoryCost {
  let actions = 0;
  let localActivitiesInTask = false;
  for (const e of events) {
    if (is(e, 'WORKFLOW_TASK_COMPLETED')) {
      // Markers of a task come after its WorkflowTaskCompleted: a new task starts a new batch.
      localActivitiesInTask = false;
    } else if (
      is(e, 'WORKFLOW_EXECUTION_STARTED') ||
      is(e, 'TIMER_STARTED') ||
      is(e, 'WORKFLOW_EXECUTION_SIGNALED') ||
      is(e, 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED') ||
      is(e, 'START_CHILD_WORKFLOW_EXECUTION_INITIATED') ||
      is(e, 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW') ||
      is(e, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')
    ) {
      actions += 1;
    } else if (is(e, 'ACTIVITY_TASK_STARTED')) {
      actions += Math.max(1, Number(e.activityTaskStartedEventAttributes?.attempt ?? 1));
    } else if (is(e, 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES')) {
      const fields = Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
      if (fields.some((f) => f !== CHANGE_VERSION)) actions += 1;
    } else if (is(e, 'MARKER_RECORDED')) {
      const marker = e.markerRecordedEventAttributes?.markerName ?? '';
      if (marker === 'core_local_activity') {
        if (!localActivitiesInTask) actions += 1;
        localActivitiesInTask = true;
      } else if (marker !== 'core_patch') {
        actions += 1;
      }
    }
  }
  return { events: events.length, actions };
}

// ---------------------------------------------------------------------------------------------
// The four paths
// ---------------------------------------------------------------------------------------------

export interface CostStep {
  update: string;
  role: Role;
  country: Country;
  body: Record<string, unknown>;
}

export interface CostPath {
  name: CostPathName;
  describe: string;
  track: Track;
  custodial: Country;
  receiving: Country;
  transit: Country[];
  /** The outcome the path ends with. */
  outcome: string;
  steps(): CostStep[];
}

const officer = (country: Country, update: string, body: Record<string, unknown>): CostStep => ({ update, role: 'officer', country, body });
const legal = (country: Country, body: Record<string, unknown>): CostStep => ({ update: 'recordLegalReview', role: 'legal', country, body });

function handOverSteps(custodial: Country, receiving: Country, transit: Country[]): CostStep[] {
  return [
    ...[custodial, receiving, ...transit].map((country): CostStep => ({ update: 'decideApproval', role: 'supervisor', country, body: { decision: 'approve' } })),
    officer(custodial, 'scheduleHandover', {
      agreedDate: new Date(Date.now() + 3_600_000).toISOString(),
      handoverPoint: 'border checkpoint',
      transport: 'land',
      escort: 'police escort',
    }),
    officer(custodial, 'recordCustodyEvent', { event: 'released-by-custodial', country: custodial }),
    ...transit.flatMap((t) => [
      officer(t, 'recordCustodyEvent', { event: 'entered-transit', country: t }),
      officer(t, 'recordCustodyEvent', { event: 'left-transit', country: t }),
    ]),
    officer(receiving, 'recordCustodyEvent', { event: 'received-by-receiving', country: receiving, identityRechecked: true }),
  ];
}

const screened = (custodial: Country): CostStep => officer(custodial, 'recordScreening', { result: 'cleared' });
const verified = (receiving: Country): CostStep => officer(receiving, 'recordVerification', { result: 'confirmed', reference: 'CONSULAR-1' });

export const COST_PATHS: CostPath[] = [
  {
    name: 'deportation-direct',
    describe: 'handed-over direct deportation KH → CN (7 actions)',
    track: 'deportation',
    custodial: 'KH',
    receiving: 'CN',
    transit: [],
    outcome: 'handed-over',
    steps: () => [screened('KH'), verified('CN'), ...handOverSteps('KH', 'CN', [])],
  },
  {
    name: 'deportation-transit',
    describe: 'handed-over transit deportation MM → TH → CN (10 actions)',
    track: 'deportation',
    custodial: 'MM',
    receiving: 'CN',
    transit: ['TH'],
    outcome: 'handed-over',
    steps: () => [screened('MM'), verified('CN'), ...handOverSteps('MM', 'CN', ['TH'])],
  },
  {
    name: 'extradition',
    describe: 'extradition TH → CN: formal request, court, executive, handed over (10 actions)',
    track: 'extradition',
    custodial: 'TH',
    receiving: 'CN',
    transit: [],
    outcome: 'handed-over',
    steps: () => [
      screened('TH'),
      verified('CN'),
      legal('TH', { step: 'formal-request', reference: 'MFA-2026-17', documents: [{ name: 'arrest warrant', received: true }] }),
      legal('TH', { step: 'court-decision', decision: 'extraditable', reference: 'COURT-9' }),
      legal('TH', { step: 'executive-decision', decision: 'granted', reference: 'EXEC-3' }),
      ...handOverSteps('TH', 'CN', []),
    ],
  },
  {
    name: 'victim',
    describe: 'trafficking victim screened out MM → CN (1 action)',
    track: 'deportation',
    custodial: 'MM',
    receiving: 'CN',
    transit: [],
    outcome: 'referred-as-victim',
    steps: () => [officer('MM', 'recordScreening', { result: 'victim', vulnerable: true })],
  },
];

let serial = 0;

/** The workflow input the API builds for this path's arrest (a fresh, invented one each time). */
export function costPathInput(path: CostPath, dayMs: number): CaseInput {
  serial += 1;
  const run = `${Date.now().toString(36)}${serial.toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
  const registration: CaseRegistration = {
    track: path.track,
    person: {
      fullName: 'Budget Person',
      otherNames: [],
      sex: 'unknown',
      claimedNationality: path.receiving,
      documents: [{ type: 'passport', number: 'X0000000', issuingCountry: path.receiving }],
    },
    custodialCountry: path.custodial,
    receivingCountry: path.receiving,
    transitCountries: [...path.transit],
    arrest: { time: new Date(Date.now() - 3_600_000).toISOString(), place: 'budget place', agency: 'budget agency' },
    custodyStatus: 'detention',
    charges: ['telecom fraud'],
    externalReference: `BUDGET-${run}`,
  };
  const profile = findTreatyProfile(path.track, path.custodial, path.receiving);
  return {
    caseId: deriveCaseId(registration),
    registration,
    registeredBy: { id: `budget-officer-${path.custodial}`, role: 'officer', country: path.custodial },
    registeredAt: new Date().toISOString(),
    clocks: resolveClocks(profile, dayMs),
    profileId: profile.id,
    requestHash: registrationHash(registration),
  };
}

/** Polls until the workflow's first task completed (the registration is recorded). */
export async function firstTaskDone(handle: WorkflowHandle, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const history = await handle.fetchHistory();
    if (history.events?.some((e) => is(e, 'WORKFLOW_TASK_COMPLETED'))) return;
    if (Date.now() > deadline) throw new Error(`the first workflow task of ${handle.workflowId} did not complete`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface CostRun {
  workflowId: string;
  outcome?: string;
  events: HistoryEvent[];
  cost: HistoryCost;
}

/**
 * Runs one path on the case workflow as the API does (its start options with the registered state's
 * search attributes, its update ids), waits for the case to close and returns its history and cost.
 */
export async function runCostPath(client: Client, taskQueue: string, path: CostPath, dayMs = 60_000): Promise<CostRun> {
  const input = costPathInput(path, dayMs);
  const handle = await client.workflow.start(CASE_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: caseWorkflowId(input.caseId),
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'FAIL',
    typedSearchAttributes: startSearchAttributes(input),
  });
  await firstTaskDone(handle);
  let n = 0;
  for (const step of path.steps()) {
    n += 1;
    const actor: Actor = { id: `budget-${step.role}-${step.country}`, role: step.role, country: step.country };
    const requestId = `budget-${input.caseId}-${n}`;
    await handle.executeUpdate<ActionResult, [unknown]>(step.update, {
      args: [{ requestId, ...step.body, actor }],
      updateId: `${step.update}:${actor.id}:${requestId}`,
    });
  }
  const view = (await handle.result()) as { outcome?: string };
  const events = (await handle.fetchHistory()).events ?? [];
  return { workflowId: handle.workflowId, outcome: view.outcome, events, cost: historyCost(events) };
}

/** Counts of a history's events by type, for the breakdown lines (`TIMER_STARTED: 3`). */
export function eventBreakdown(events: HistoryEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) {
    const name = typeName(e);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
