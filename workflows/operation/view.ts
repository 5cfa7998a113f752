import {
  DEFAULT_MANIFEST_PAGE,
  MAX_MANIFEST_PAGE,
  type FlightView,
  type ManifestPage,
  type OperationInput,
  type OperationView,
  type PlanResult,
  type PlanView,
  waitsOn,
} from '../../domain/operation';
import { groupLeftOut } from './planning';
import { entryView, readiness, rollUp } from './readiness';
import { initialState, type OperationState, type PlanState } from './state';

function flightView(flight: FlightView, seats: Map<string, number>): FlightView {
  return { ...flight, seats: seats.get(flight.flightId) ?? 0, events: flight.events.map((e) => ({ ...e })) };
}

function planView(plan: PlanState): PlanView {
  return {
    planId: plan.planId,
    status: plan.status,
    cutOff: plan.cutOff,
    requestedBy: plan.requestedBy,
    flightIds: [...plan.flightIds],
    scheduled: plan.scheduled,
    leftOut: plan.leftOut,
  };
}

/** The operation view answered by the `operationView` query; the manifest comes one page at a time. */
export function operationView(state: OperationState, page: ManifestPage = {}): OperationView {
  const seats = new Map<string, number>();
  for (const entry of state.manifest.values()) {
    if (entry.flightId) seats.set(entry.flightId, (seats.get(entry.flightId) ?? 0) + 1);
  }
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  const limit = Math.min(MAX_MANIFEST_PAGE, Math.max(0, Math.floor(page.limit ?? DEFAULT_MANIFEST_PAGE)));
  const matching = [...state.manifest.values()].filter(
    (e) =>
      (page.status === undefined || e.status === page.status) &&
      (page.flightId === undefined || e.flightId === page.flightId) &&
      (page.waitingOn === undefined || waitsOn(e.blockedOn, page.waitingOn)),
  );
  return {
    operationId: state.operationId,
    status: state.status,
    details: { ...state.details, transitCountries: [...state.details.transitCountries], window: { ...state.details.window } },
    createdBy: state.createdBy.id,
    createdAt: state.createdAt,
    ...(state.completedAt ? { completedAt: state.completedAt } : {}),
    readiness: readiness(state),
    rollUp: rollUp(state),
    plans: state.plans.map(planView),
    flights: state.flights.map((f) => flightView(f, seats)),
    manifest: { total: matching.length, offset, limit, entries: matching.slice(offset, offset + limit).map(entryView) },
    runs: state.runs,
  };
}

/** A plan's answer: its flights with their seats now, and who it left out. */
export function planResult(state: OperationState, plan: PlanState): PlanResult {
  const ids = new Set(plan.flightIds);
  const flights = state.flights
    .filter((f) => ids.has(f.flightId))
    .map((f) => ({ flightId: f.flightId, departure: f.departure, seats: [...state.manifest.values()].filter((e) => e.flightId === f.flightId).length }));
  const leftOut = new Map<string, string>();
  if (plan.status === 'done') {
    for (const entry of state.manifest.values()) if (entry.leftOut && entry.leftOut.startsWith(`[${plan.planId}] `)) leftOut.set(entry.caseId, entry.leftOut.slice(plan.planId.length + 3));
  }
  return { planId: plan.planId, status: plan.status, cutOff: plan.cutOff, flights, scheduled: plan.scheduled, leftOut: groupLeftOut(leftOut) };
}

/**
 * The view of a newly started operation, exactly what its first query answers (the API answers a
 * creation with it, without waiting for the worker's first workflow task).
 */
export function initialOperationView(input: OperationInput): OperationView {
  return operationView(initialState(input));
}
