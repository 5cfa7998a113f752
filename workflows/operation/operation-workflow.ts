/**
 * One planned mass transfer: a manifest of cases, flights or convoys, one handover point.
 *
 * `setup` installs the query and the update handlers; `run` waits for cut-offs and periodic re-reads,
 * and continues as new when the history grows. Every change of the operation's status goes through
 * `changeStatus`, which also upserts its search attribute.
 *
 * The operation writes to a case only through that case's own validated updates (joinOperation,
 * scheduleHandover, recordCustodyEvent), sent by activities in batches with deterministic request ids:
 * each case's timeline shows its own events, and a retried batch repeats nothing. Work on the manifest
 * runs one request at a time (`exclusive`), so two requests never interleave their batches.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActionOutcome, CaseSnapshot, CustodyExceptionOutcome, JoinCaseResult, OperationActivities } from '../../activities/operation-activities';
import {
  type ChangeManifest,
  type FlightCustodyEvent,
  type FlightEventResult,
  type ManifestChangeResult,
  type OperationInput,
  type OperationStatus,
  type OperationView,
  type PlanFlights,
  type PlanResult,
  type RefreshReadiness,
} from '../../domain/operation';
import { changeManifestUpdate, operationViewQuery, planFlightsUpdate, recordFlightEventUpdate, refreshReadinessUpdate } from '../../domain/operation-messages';
import { chunk, mapWithConcurrency } from '../../domain/concurrency';
import { SA } from '../../domain/search-attributes';
import { planSeats } from './planning';
import { applySnapshot } from './readiness';
import * as rules from './rules';
import { entriesOnFlight, initialState, isCompleted, iso, pack, type ManifestEntry, type OperationState, type PlanState } from './state';
import { operationView, planResult } from './view';

const cases = proxyActivities<OperationActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/** What a batch answers when its activity gave up: the cases are untouched, the request can be repeated. */
const UNREACHABLE = 'the case could not be reached; repeat the request';
/** patched() id: a flight's exceptions are sent to each excepted person's case (recordCustodyException). */
export const EXCEPTIONS_TO_CASES = 'flight-exceptions-to-cases';

class OperationRun {
  readonly state: OperationState;
  private queue: Promise<unknown> = Promise.resolve();
  private busy = 0;
  /** Bumped when a plan is recorded, so the scheduler re-reads its cut-offs. */
  private version = 0;

  constructor(readonly input: OperationInput) {
    this.state = initialState(input);
  }

  // -------------------------------------------------------------------------------------------
  // setup
  // -------------------------------------------------------------------------------------------

  setup(): void {
    setHandler(operationViewQuery, (page) => operationView(this.state, page));

    setHandler(changeManifestUpdate, (p) => this.exclusive(() => this.changeManifest(p)), {
      validator: (p: ChangeManifest) => rules.validateChangeManifest(this.state, p),
    });
    setHandler(planFlightsUpdate, (p) => this.planFlights(p), { validator: (p: PlanFlights) => rules.validatePlanFlights(this.state, p) });
    setHandler(recordFlightEventUpdate, (p) => this.exclusive(() => this.recordFlightEvent(p)), {
      validator: (p: FlightCustodyEvent) => rules.validateFlightEvent(this.state, p),
    });
    setHandler(
      refreshReadinessUpdate,
      async () => {
        await this.exclusive(() => this.refresh());
        return { asOf: this.state.readinessAsOf ?? iso(Date.now()) };
      },
      { validator: (p: RefreshReadiness) => rules.validateRefresh(this.state, p) },
    );
  }

  /** Runs manifest work one request at a time, in arrival order (deterministic: a promise chain). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.busy += 1;
    const run = this.queue.then(fn);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.busy -= 1;
    });
  }

  // -------------------------------------------------------------------------------------------
  // The one status function
  // -------------------------------------------------------------------------------------------

  private changeStatus(next: OperationStatus): void {
    if (this.state.status === next) return;
    log.info('operation status', { operationId: this.state.operationId, from: this.state.status, to: next });
    this.state.status = next;
    if (next === 'completed') this.state.completedAt = iso(Date.now());
    upsertSearchAttributes([{ key: SA.stage, value: next }]);
  }

  /** Completed once every case of a planned manifest has an outcome. */
  private checkCompletion(): void {
    const s = this.state;
    if (isCompleted(s) || s.manifest.size === 0 || s.flights.length === 0) return;
    if (s.plans.some((p) => p.status !== 'done')) return;
    for (const entry of s.manifest.values()) if (entry.status !== 'closed') return;
    this.changeStatus('completed');
  }

  // -------------------------------------------------------------------------------------------
  // Batches
  // -------------------------------------------------------------------------------------------

  /** Runs `fn` over batches of `settings.batchSize`, `settings.parallelBatches` at a time. */
  private async inBatches<T, R>(items: T[], fn: (batch: T[]) => Promise<R[]>, onFailure: (batch: T[]) => R[]): Promise<R[]> {
    const { batchSize, parallelBatches } = this.state.settings;
    const results = await mapWithConcurrency(chunk(items, batchSize), parallelBatches, async (batch) => {
      try {
        return await fn(batch);
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        log.warn('operation batch gave up', { operationId: this.state.operationId, cases: batch.length });
        return onFailure(batch);
      }
    });
    return results.flat();
  }

  /** Re-reads the given cases (default: every open case of the manifest). */
  private async refresh(caseIds?: string[]): Promise<void> {
    const s = this.state;
    const ids = caseIds ?? [...s.manifest.values()].filter((e) => e.status !== 'closed').map((e) => e.caseId);
    const snapshots = await this.inBatches<string, CaseSnapshot | undefined>(
      ids,
      (batch) => cases.readCases(batch),
      (batch) => batch.map(() => undefined),
    );
    for (const snapshot of snapshots) {
      const entry = snapshot && s.manifest.get(snapshot.caseId);
      if (snapshot && entry) applySnapshot(s, entry, snapshot);
    }
    s.readinessAsOf = iso(Date.now());
    s.lastRefreshAt = Date.now();
    this.checkCompletion();
  }

  // -------------------------------------------------------------------------------------------
  // Manifest
  // -------------------------------------------------------------------------------------------

  private async changeManifest(p: ChangeManifest): Promise<ManifestChangeResult> {
    const s = this.state;
    const unique = [...new Set(p.caseIds)];
    const results: ManifestChangeResult['results'] = [];
    const todo: string[] = [];
    for (const caseId of unique) {
      if (p.action === 'add' && s.manifest.has(caseId)) results.push({ caseId, result: 'already-in-manifest' });
      else if (p.action === 'remove' && !s.manifest.has(caseId)) results.push({ caseId, result: 'not-in-manifest' });
      else todo.push(caseId);
    }
    const d = s.details;
    const route = { custodialCountry: d.custodialCountry, receivingCountry: d.receivingCountry, transitCountries: d.transitCountries };
    const joined = await this.inBatches<string, JoinCaseResult>(
      todo,
      (batch) =>
        cases.joinCases({
          operationId: s.operationId,
          requestId: p.requestId,
          actor: p.actor,
          action: p.action,
          route,
          caseIds: batch,
          // An activity's input is not compared on replay: running operations take this without a patch.
          ...(p.reason !== undefined ? { reason: p.reason } : {}),
        }),
      (batch) => batch.map((caseId) => ({ caseId, result: 'refused', reason: UNREACHABLE })),
    );
    for (const r of joined) {
      if (r.result === 'joined') {
        const entry: ManifestEntry = { caseId: r.caseId, status: 'unknown' };
        if (r.snapshot) applySnapshot(s, entry, r.snapshot);
        // A case re-joining keeps its place only if it never left; the manifest is re-read anyway.
        if (!s.manifest.has(r.caseId)) s.manifest.set(r.caseId, entry);
        results.push({ caseId: r.caseId, result: 'added' });
      } else if (r.result === 'left') {
        s.manifest.delete(r.caseId);
        results.push({ caseId: r.caseId, result: 'removed' });
      } else {
        results.push({ caseId: r.caseId, result: r.result, ...(r.reason ? { reason: r.reason } : {}) });
      }
    }
    if (todo.length > 0) this.checkCompletion();
    const order = new Map(p.caseIds.map((id, i) => [id, i]));
    results.sort((a, b) => (order.get(a.caseId) ?? 0) - (order.get(b.caseId) ?? 0));
    return { requestId: p.requestId, action: p.action, results, manifestSize: s.manifest.size };
  }

  // -------------------------------------------------------------------------------------------
  // Flights
  // -------------------------------------------------------------------------------------------

  /**
   * Records the plan; at its cut-off the scheduler seats and schedules the ready cases. A cut-off that
   * has passed is planned right away and the answer carries the flights.
   */
  private async planFlights(p: PlanFlights): Promise<PlanResult> {
    const s = this.state;
    let plan = s.plans.find((x) => x.planId === p.requestId);
    if (!plan) {
      plan = {
        planId: p.requestId,
        status: 'awaiting-cut-off',
        cutOff: p.cutOff,
        requestedBy: p.actor.id,
        flightIds: [],
        scheduled: 0,
        leftOut: 0,
        departures: [...p.departures].sort((a, b) => Date.parse(a) - Date.parse(b)),
        capacity: p.capacity ?? s.details.capacity,
        actor: p.actor,
      };
      s.plans.push(plan);
      this.version += 1;
    }
    const recorded = plan;
    if (Date.parse(recorded.cutOff) <= Date.now()) await condition(() => recorded.status === 'done');
    return planResult(s, recorded);
  }

  private async executePlan(plan: PlanState): Promise<void> {
    const s = this.state;
    await this.refresh();
    const { seats, flights, leftOut } = planSeats(s, plan.departures, plan.capacity);
    const outcomes = await this.inBatches<(typeof seats)[number], CaseActionOutcome>(
      seats,
      (batch) =>
        cases.scheduleCases({
          operationId: s.operationId,
          planId: plan.planId,
          actor: plan.actor,
          handoverPoint: s.details.handoverPoint,
          transport: s.details.transport,
          escort: s.details.escort,
          seats: batch,
        }),
      (batch) => batch.map((seat) => ({ caseId: seat.caseId, ok: false, reason: UNREACHABLE })),
    );
    const seatOf = new Map(seats.map((seat) => [seat.caseId, seat]));
    const used = new Set<string>();
    for (const o of outcomes) {
      const entry = s.manifest.get(o.caseId);
      if (!entry) continue;
      if (o.ok) {
        const seat = seatOf.get(o.caseId)!;
        entry.status = 'scheduled';
        entry.flightId = seat.flightId;
        entry.leftOut = undefined;
        entry.exception = undefined;
        used.add(seat.flightId);
      } else {
        leftOut.set(o.caseId, `the case refused scheduling: ${o.reason ?? 'no reason given'}`);
      }
    }
    for (const [caseId, reason] of leftOut) {
      const entry = s.manifest.get(caseId);
      if (entry) entry.leftOut = `[${plan.planId}] ${reason}`;
    }
    for (const flight of flights.filter((f) => used.has(f.flightId))) {
      s.flights.push({ flightId: flight.flightId, planId: plan.planId, departure: flight.departure, capacity: plan.capacity, seats: 0, events: [] });
      plan.flightIds.push(flight.flightId);
    }
    plan.scheduled = outcomes.filter((o) => o.ok).length;
    plan.leftOut = leftOut.size;
    plan.status = 'done';
    if (plan.flightIds.length > 0 && s.status === 'open') this.changeStatus('planned');
    this.checkCompletion();
  }

  /**
   * One custody event for the whole flight. Exceptions are recorded by the operation and, since
   * EXCEPTIONS_TO_CASES, on each excepted person's case too; the manifest entry then follows the case.
   */
  private async recordFlightEvent(p: FlightCustodyEvent): Promise<FlightEventResult> {
    const s = this.state;
    const flight = rules.findFlight(s, p.flightId)!;
    const repeat = rules.isRepeatedFlightEvent(s, p);
    const exceptions = new Map((p.exceptions ?? []).map((x) => [x.caseId, x.exception]));
    const onBoard = entriesOnFlight(s, flight.flightId).map((e) => e.caseId);
    // On a repeat, people who did not board have already left the flight: they are answered again.
    const excepted = [...exceptions.keys()];
    const toRecord = onBoard.filter((id) => !exceptions.has(id));

    const outcomes = await this.inBatches<string, CaseActionOutcome>(
      toRecord,
      (batch) =>
        cases.recordCustodyEvents({
          operationId: s.operationId,
          requestId: p.requestId,
          actor: p.actor,
          event: p.event,
          country: p.country,
          identityRechecked: p.identityRechecked,
          at: p.at,
          reference: p.reference,
          caseIds: batch,
        }),
      (batch) => batch.map((caseId) => ({ caseId, ok: false, reason: UNREACHABLE })),
    );

    // Runs before the loop over outcomes when patched, so older histories keep their command order.
    const byCase = new Map<string, CustodyExceptionOutcome>();
    if (excepted.length > 0 && patched(EXCEPTIONS_TO_CASES)) {
      const list = (p.exceptions ?? []).filter((x) => s.manifest.has(x.caseId));
      const caseOutcomes = await this.inBatches<(typeof list)[number], CustodyExceptionOutcome>(
        list,
        (batch) =>
          cases.recordCustodyExceptions({
            operationId: s.operationId,
            requestId: p.requestId,
            flightId: flight.flightId,
            actor: p.actor,
            at: p.at,
            reference: p.reference,
            exceptions: batch,
          }),
        (batch) => batch.map((x) => ({ caseId: x.caseId, ok: false, reason: UNREACHABLE })),
      );
      for (const o of caseOutcomes) byCase.set(o.caseId, o);
    }

    const results: FlightEventResult['results'] = [];
    for (const o of outcomes) {
      const entry = s.manifest.get(o.caseId);
      if (entry && o.ok) {
        if (o.stage) entry.stage = o.stage;
        entry.outcome = o.outcome;
        entry.status = o.outcome ? 'closed' : o.stage === 'in-transfer' ? 'in-transfer' : entry.status;
      } else if (entry && p.event === 'released-by-custodial') {
        // Not released: the person stays in custody and is not on the flight that leaves.
        entry.flightId = undefined;
        entry.status = 'ready';
      }
      results.push({
        caseId: o.caseId,
        result: o.ok ? 'recorded' : 'refused',
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.outcome ? { outcome: o.outcome } : {}),
      });
    }
    for (const caseId of excepted) {
      const entry = s.manifest.get(caseId);
      const exception = exceptions.get(caseId)!;
      if (entry) {
        entry.exception = exception;
        if (exception === 'did-not-board') {
          // Still in custody and approved: off this flight, ready for a later one.
          entry.flightId = undefined;
          entry.status = 'ready';
        }
        // identity-mismatch: no longer ready, blocked on identity verification as the case now says.
        const snapshot = byCase.get(caseId)?.snapshot;
        if (exception === 'identity-mismatch' && snapshot) applySnapshot(s, entry, snapshot);
      }
      const onCase = byCase.get(caseId);
      results.push({
        caseId,
        result: 'exception',
        reason: exception,
        ...(onCase ? { caseRecorded: onCase.ok, ...(onCase.ok ? {} : { caseRefusal: onCase.reason ?? 'refused' }) } : {}),
      });
    }
    const counts = {
      recorded: results.filter((r) => r.result === 'recorded').length,
      exceptions: results.filter((r) => r.result === 'exception').length,
      refused: results.filter((r) => r.result === 'refused').length,
    };
    if (!repeat) {
      flight.events.push({ event: p.event, country: p.country, at: p.at ?? iso(Date.now()), by: p.actor.id, requestId: p.requestId, ...counts });
      this.changeStatus('in-transfer');
    }
    this.checkCompletion();
    return { requestId: p.requestId, flightId: flight.flightId, event: p.event, ...counts, results };
  }

  // -------------------------------------------------------------------------------------------
  // run: cut-offs, periodic re-reads, continue-as-new
  // -------------------------------------------------------------------------------------------

  private shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > this.state.settings.historyEventThreshold;
  }

  /** When the scheduler must wake next (a cut-off or the next re-read), or undefined. */
  private nextWake(): number | undefined {
    const s = this.state;
    const times = s.plans.filter((p) => p.status === 'awaiting-cut-off').map((p) => Date.parse(p.cutOff));
    if (s.manifest.size > 0 && !isCompleted(s)) times.push((s.lastRefreshAt ?? Date.now()) + s.settings.refreshEveryMs);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  async run(): Promise<OperationView> {
    const s = this.state;
    while (!isCompleted(s)) {
      const due = s.plans.find((p) => p.status === 'awaiting-cut-off' && Date.parse(p.cutOff) <= Date.now());
      if (due) {
        await this.exclusive(() => this.executePlan(due));
        continue;
      }
      if (s.manifest.size > 0 && s.lastRefreshAt !== undefined && Date.now() - s.lastRefreshAt >= s.settings.refreshEveryMs) {
        await this.exclusive(() => this.refresh());
        continue;
      }
      if (s.manifest.size > 0 && s.lastRefreshAt === undefined) s.lastRefreshAt = Date.now();
      if (this.shouldContinueAsNew()) {
        // Let accepted requests finish (their answers belong to this run), then carry the state over.
        await condition(() => allHandlersFinished() && this.busy === 0);
        await continueAsNew<typeof operationWorkflow>({ ...this.input, carried: pack(s) });
      }
      const seen = this.version;
      const wake = () => this.version !== seen || isCompleted(s) || this.shouldContinueAsNew();
      const at = this.nextWake();
      if (at === undefined) await condition(wake);
      else await condition(wake, Math.max(1, at - Date.now()));
    }
    await condition(() => allHandlersFinished() && this.busy === 0);
    return operationView(s);
  }
}

export async function operationWorkflow(input: OperationInput): Promise<OperationView> {
  const run = new OperationRun(input);
  run.setup();
  return run.run();
}
