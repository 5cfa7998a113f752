/**
 * What the operation workflow asks of its cases. A workflow cannot query or update another workflow,
 * so these activities do it through a Temporal client, one batch of cases per call (the workflow keeps
 * batches at ~100 so its history stays small), a few cases at a time inside a batch.
 *
 * Every write is a case's own validated update with a deterministic request id, so a retried activity
 * repeats nothing: the case answers a repeated request id with its first result. Per-case refusals are
 * results, not failures; only "Temporal did not answer" throws, and Temporal retries the batch.
 *
 * Case views carry personal data; it stays in here. What goes back to the operation (and its history)
 * is ids, stages, outcomes and reasons only.
 */
import { Context } from '@temporalio/activity';
import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { isTemporalUnavailable, workflowRejection } from '../temporal/errors';
import {
  caseWorkflowId,
  waitingOnKeyword,
  type ActionResult,
  type CaseView,
  type CustodyEventKind,
  type CustodyExceptionKind,
  type Outcome,
  type Stage,
  type Transport,
} from '../domain/case';
import { caseViewQuery, joinOperationUpdate, recordCustodyEventUpdate, recordCustodyExceptionUpdate, scheduleHandoverUpdate } from '../domain/case-messages';
import { mapWithConcurrency } from '../domain/concurrency';
import type { Actor, Country } from '../domain/people';

export interface OperationActivityDeps {
  /** A client of the cases' namespace; default: the worker's own client (same connection and data converter). */
  client?: Client;
  /** Cases handled at once inside one batch. */
  caseConcurrency?: number;
  /** How long one case's view may take before the case counts as unreadable this time. */
  readDeadlineMs?: number;
}

/** What the operation needs to know about a case: no personal data. */
export interface CaseSnapshot {
  caseId: string;
  found: boolean;
  stage?: Stage;
  outcome?: Outcome;
  operationId?: string;
  scheduled?: boolean;
  flight?: string;
  /** `role:country` of whoever must act next, or `timer:<clock>`. */
  waitingOn?: string[];
  onHold?: boolean;
  /** The case exists but did not answer this time (busy worker, slow server): keep what is known. */
  unreadable?: boolean;
}

export interface OperationRoute {
  custodialCountry: Country;
  receivingCountry: Country;
  transitCountries: Country[];
}

export interface JoinCasesInput {
  operationId: string;
  requestId: string;
  actor: Actor;
  action: 'add' | 'remove';
  route: OperationRoute;
  caseIds: string[];
  reason?: string;
}

export interface JoinCaseResult {
  caseId: string;
  result: 'joined' | 'left' | 'refused' | 'not-found';
  reason?: string;
  snapshot?: CaseSnapshot;
}

export interface ScheduleCasesInput {
  operationId: string;
  planId: string;
  actor: Actor;
  handoverPoint: string;
  transport: Transport;
  escort: string;
  seats: { caseId: string; flightId: string; departure: string }[];
}

export interface CaseActionOutcome {
  caseId: string;
  ok: boolean;
  reason?: string;
  stage?: Stage;
  outcome?: Outcome;
}

export interface RecordCustodyEventsInput {
  operationId: string;
  requestId: string;
  actor: Actor;
  event: CustodyEventKind;
  country: Country;
  identityRechecked?: boolean;
  at?: string;
  reference?: string;
  caseIds: string[];
}

export interface RecordCustodyExceptionsInput {
  operationId: string;
  /** The flight event's request id. */
  requestId: string;
  flightId: string;
  actor: Actor;
  at?: string;
  reference?: string;
  exceptions: { caseId: string; exception: CustodyExceptionKind; note?: string }[];
}

/** What a case answered to its custody exception, with the case as it is after it (ids and stages only). */
export interface CustodyExceptionOutcome extends CaseActionOutcome {
  snapshot?: CaseSnapshot;
}

/** The per-case request id the operation uses for one of its steps: stable across retries. */
export function operationRequestId(operationId: string, requestId: string, step: string): string {
  return `${operationId}/${requestId}/${step}`;
}

function involves(view: CaseView, country: Country): boolean {
  return view.custodialCountry === country || view.receivingCountry === country || view.transitCountries.includes(country);
}

export function snapshotOf(view: CaseView): CaseSnapshot {
  return {
    caseId: view.caseId,
    found: true,
    stage: view.stage,
    ...(view.outcome ? { outcome: view.outcome } : {}),
    ...(view.operationId ? { operationId: view.operationId } : {}),
    scheduled: view.schedule !== undefined,
    ...(view.schedule?.flight ? { flight: view.schedule.flight } : {}),
    waitingOn: view.waitingOn.map(waitingOnKeyword),
    onHold: view.hold !== undefined,
  };
}

/** Why a case does not fit the operation's route, if it does not. */
export function routeMismatch(view: CaseView, route: OperationRoute): string | undefined {
  const same =
    view.custodialCountry === route.custodialCountry &&
    view.receivingCountry === route.receivingCountry &&
    view.transitCountries.join(',') === route.transitCountries.join(',');
  if (same) return undefined;
  const path = (c: string, t: string[], r: string) => [c, ...t, r].join('→');
  return `the case goes ${path(view.custodialCountry, view.transitCountries, view.receivingCountry)}, the operation ${path(
    route.custodialCountry,
    route.transitCountries,
    route.receivingCountry,
  )}`;
}

/** A case's refusal as a short reason (validator message, closed case), never a payload. */
function refusal(err: unknown): string {
  const rejection = workflowRejection(err);
  if (rejection) return rejection.reason;
  if (err instanceof WorkflowNotFoundError) return 'the case is closed';
  if (isTemporalUnavailable(err)) return 'the case did not answer in time; repeat the request';
  const message = err instanceof Error ? err.message : '';
  // Temporal's own messages name rules and ids, never payloads; keep them short.
  return /already completed/i.test(message) ? 'the case is closed' : `the case did not accept the action (${message.slice(0, 120)})`;
}

/**
 * Runs `fn` for every case of a batch, a few at a time. A failing case is answered by `onError`, so one
 * busy case never fails its batch; only when every case failed because Temporal did not answer does the
 * batch throw, and Temporal retries it (every step is idempotent).
 */
async function perCase<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>, onError: (item: T, err: unknown) => R): Promise<R[]> {
  let unavailable = 0;
  let lastError: unknown;
  const results = await mapWithConcurrency(items, concurrency, async (item) => {
    try {
      return await fn(item);
    } catch (err) {
      if (isTemporalUnavailable(err)) {
        unavailable += 1;
        lastError = err;
      }
      return onError(item, err);
    }
  });
  if (items.length > 0 && unavailable === items.length) throw lastError;
  return results;
}

export function createOperationActivities(deps: OperationActivityDeps = {}) {
  const concurrency = deps.caseConcurrency ?? 16;
  const readDeadlineMs = deps.readDeadlineMs ?? 20_000;
  const client = (): Client => deps.client ?? Context.current().client;

  /** The case view, or undefined when there is no such case workflow. */
  async function readView(caseId: string): Promise<CaseView | undefined> {
    const c = client();
    try {
      return await c.withDeadline(Date.now() + readDeadlineMs, () => c.workflow.getHandle(caseWorkflowId(caseId)).query(caseViewQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError) return undefined;
      throw err;
    }
  }

  function update<P>(caseId: string, def: UpdateDefinition<ActionResult, [P]>, actor: Actor, payload: P & { requestId: string }) {
    const handle = client().workflow.getHandle(caseWorkflowId(caseId));
    return handle.executeUpdate(def, { args: [payload], updateId: `${def.name}:${actor.id}:${payload.requestId}` });
  }

  return {
    /** Reads the cases of a batch (for readiness and the roll-up). */
    async readCases(caseIds: string[]): Promise<CaseSnapshot[]> {
      return perCase(
        caseIds,
        concurrency,
        async (caseId) => {
          const view = await readView(caseId);
          return view ? snapshotOf(view) : { caseId, found: false };
        },
        (caseId) => ({ caseId, found: true, unreadable: true }),
      );
    },

    /**
     * Adds cases to (or removes them from) the operation through each case's joinOperation update.
     * The operation's fit is checked here (route, another operation, closed); the case checks the actor.
     */
    async joinCases(input: JoinCasesInput): Promise<JoinCaseResult[]> {
      const requestId = operationRequestId(input.operationId, input.requestId, input.action === 'add' ? 'join' : 'leave');
      const reason = input.reason !== undefined ? { reason: input.reason } : {};
      return perCase(input.caseIds, concurrency, async (caseId): Promise<JoinCaseResult> => {
        const view = await readView(caseId);
        // A case of another country is "not found", as in the API: ids cannot be probed.
        if (!view || !involves(view, input.actor.country)) return { caseId, result: 'not-found' };
        const snapshot = snapshotOf(view);
        if (input.action === 'remove') {
          if (view.operationId !== input.operationId) return { caseId, result: 'left', snapshot: { ...snapshot, operationId: undefined } };
          try {
            await update(caseId, joinOperationUpdate, input.actor, { requestId, actor: input.actor, operationId: null, ...reason });
          } catch (err) {
            return { caseId, result: 'refused', reason: refusal(err), snapshot };
          }
          return { caseId, result: 'left', snapshot: { ...snapshot, operationId: undefined } };
        }
        if (view.operationId === input.operationId) return { caseId, result: 'joined', snapshot };
        if (view.outcome) return { caseId, result: 'refused', reason: `the case is closed (${view.outcome})`, snapshot };
        if (view.operationId) return { caseId, result: 'refused', reason: `the case is on operation ${view.operationId}; remove it there first`, snapshot };
        const mismatch = routeMismatch(view, input.route);
        if (mismatch) return { caseId, result: 'refused', reason: mismatch, snapshot };
        try {
          await update(caseId, joinOperationUpdate, input.actor, { requestId, actor: input.actor, operationId: input.operationId, ...reason });
        } catch (err) {
          return { caseId, result: 'refused', reason: refusal(err), snapshot };
        }
        return { caseId, result: 'joined', snapshot: { ...snapshot, operationId: input.operationId } };
      }, (caseId, err) => ({ caseId, result: 'refused', reason: refusal(err) }));
    },

    /** One scheduleHandover per case: the flight's departure is the agreed date. */
    async scheduleCases(input: ScheduleCasesInput): Promise<CaseActionOutcome[]> {
      const requestId = operationRequestId(input.operationId, input.planId, 'schedule');
      return perCase(input.seats, concurrency, async (seat): Promise<CaseActionOutcome> => {
        try {
          const result = await update(seat.caseId, scheduleHandoverUpdate, input.actor, {
            requestId,
            actor: input.actor,
            agreedDate: seat.departure,
            handoverPoint: input.handoverPoint,
            transport: input.transport,
            escort: input.escort,
            flight: seat.flightId,
          });
          return { caseId: seat.caseId, ok: true, stage: result.stage, ...(result.outcome ? { outcome: result.outcome } : {}) };
        } catch (err) {
          if (isTemporalUnavailable(err)) throw err;
          return { caseId: seat.caseId, ok: false, reason: refusal(err) };
        }
      }, (seat, err) => ({ caseId: seat.caseId, ok: false, reason: refusal(err) }));
    },

    /** One recordCustodyEvent per case on the flight; each case checks order, country and actor. */
    async recordCustodyEvents(input: RecordCustodyEventsInput): Promise<CaseActionOutcome[]> {
      const requestId = operationRequestId(input.operationId, input.requestId, input.event);
      return perCase(input.caseIds, concurrency, async (caseId): Promise<CaseActionOutcome> => {
        try {
          const result = await update(caseId, recordCustodyEventUpdate, input.actor, {
            requestId,
            actor: input.actor,
            event: input.event,
            country: input.country,
            ...(input.identityRechecked !== undefined ? { identityRechecked: input.identityRechecked } : {}),
            ...(input.at !== undefined ? { at: input.at } : {}),
            ...(input.reference !== undefined ? { reference: input.reference } : {}),
          });
          return { caseId, ok: true, stage: result.stage, ...(result.outcome ? { outcome: result.outcome } : {}) };
        } catch (err) {
          if (isTemporalUnavailable(err)) throw err;
          return { caseId, ok: false, reason: refusal(err) };
        }
      }, (caseId, err) => ({ caseId, ok: false, reason: refusal(err) }));
    },

    /**
     * One recordCustodyException per excepted person: the exception becomes a fact of their case. The
     * note defaults to the flight's words; the answer carries the case's snapshot for the manifest.
     */
    async recordCustodyExceptions(input: RecordCustodyExceptionsInput): Promise<CustodyExceptionOutcome[]> {
      return perCase(input.exceptions, concurrency, async (x): Promise<CustodyExceptionOutcome> => {
        try {
          const result = await update(x.caseId, recordCustodyExceptionUpdate, input.actor, {
            requestId: operationRequestId(input.operationId, input.requestId, x.exception),
            actor: input.actor,
            exception: x.exception,
            note: x.note?.trim() ? x.note : `${x.exception} on flight ${input.flightId} of operation ${input.operationId}`,
            ...(input.at !== undefined ? { at: input.at } : {}),
            ...(input.reference !== undefined ? { reference: input.reference } : {}),
          });
          return {
            caseId: x.caseId,
            ok: true,
            stage: result.stage,
            ...(result.outcome ? { outcome: result.outcome } : {}),
            ...(result.view ? { snapshot: snapshotOf(result.view) } : {}),
          };
        } catch (err) {
          if (isTemporalUnavailable(err)) throw err;
          return { caseId: x.caseId, ok: false, reason: refusal(err) };
        }
      }, (x, err) => ({ caseId: x.caseId, ok: false, reason: refusal(err) }));
    },
  };
}

export type OperationActivities = ReturnType<typeof createOperationActivities>;
