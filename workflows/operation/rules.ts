/**
 * Validators of the operation's updates: they only read the state and throw an Error whose message
 * starts with a REJECTION_PREFIX, so a refused request writes nothing to history and the API maps the
 * reason to 403 / 409 / 422 exactly as for case actions. Per-case rules stay with each case.
 */
import { CUSTODY_EVENTS, REJECTION_PREFIX, isCaseId, type CustodyEventKind, type RejectionKind } from '../../domain/case';
import {
  CUSTODY_EXCEPTIONS,
  MAX_CAPACITY,
  MAX_DEPARTURES,
  MAX_MANIFEST,
  type ChangeManifest,
  type FlightCustodyEvent,
  type FlightView,
  type PlanFlights,
  type RefreshReadiness,
} from '../../domain/operation';
import { COUNTRIES, ROLES, type Actor, type Country } from '../../domain/people';
import { isCompleted, type OperationState } from './state';


function reject(kind: RejectionKind, message: string): Error {
  return new Error(`${REJECTION_PREFIX[kind]}${message}`);
}
const forbidden = (m: string) => reject('forbidden', m);
const conflict = (m: string) => reject('conflict', m);
const invalid = (m: string) => reject('invalid', m);

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function validDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function checkBase(payload: { requestId?: unknown; actor?: Partial<Actor> } | undefined): Actor {
  if (!payload || typeof payload !== 'object') throw invalid('the request needs a body');
  if (!nonEmpty(payload.requestId)) throw invalid('requestId is required');
  const a = payload.actor;
  if (!a || !nonEmpty(a.id) || !(ROLES as readonly string[]).includes(a.role ?? '') || !(COUNTRIES as readonly string[]).includes(a.country ?? '')) {
    throw invalid('the actor needs an id, a role and a country');
  }
  return a as Actor;
}

function requireOfficerOf(actor: Actor, countries: readonly Country[], what: string): void {
  if (actor.role !== 'officer' && actor.role !== 'supervisor') throw forbidden(`${what} needs the officer or supervisor role`);
  if (!countries.includes(actor.country)) throw forbidden(`${what} is for ${countries.join(', ')}`);
}

function requireOpen(state: OperationState): void {
  if (isCompleted(state)) throw conflict('the operation is completed');
}

export function validateChangeManifest(state: OperationState, p: ChangeManifest): void {
  const actor = checkBase(p);
  // The custodial country puts the operation together (as each case's joinOperation requires).
  requireOfficerOf(actor, [state.details.custodialCountry], 'changing the manifest');
  requireOpen(state);
  if (p.action !== 'add' && p.action !== 'remove') throw invalid('action must be add or remove');
  if (!Array.isArray(p.caseIds) || p.caseIds.length === 0) throw invalid('caseIds lists at least one case');
  if (p.caseIds.length > MAX_MANIFEST) throw invalid(`at most ${MAX_MANIFEST} cases per request`);
  const bad = p.caseIds.findIndex((id) => typeof id !== 'string' || !isCaseId(id));
  if (bad >= 0) throw invalid(`caseIds[${bad}] is not a case id`);
  if (p.action === 'add') {
    const fresh = new Set(p.caseIds.filter((id) => !state.manifest.has(id)));
    if (state.manifest.size + fresh.size > MAX_MANIFEST) throw conflict(`an operation holds at most ${MAX_MANIFEST} cases`);
  }
}

export function validatePlanFlights(state: OperationState, p: PlanFlights): void {
  const actor = checkBase(p);
  if (state.plans.some((plan) => plan.planId === p.requestId)) return; // a repeat answers the plan as it stands
  requireOfficerOf(actor, [state.details.custodialCountry], 'planning flights');
  requireOpen(state);
  if (!validDate(p.cutOff)) throw invalid('cutOff must be an ISO 8601 date-time');
  if (!Array.isArray(p.departures) || p.departures.length === 0) throw invalid('departures lists at least one departure');
  if (p.departures.length > MAX_DEPARTURES) throw invalid(`at most ${MAX_DEPARTURES} departures per plan`);
  const bad = p.departures.findIndex((d) => !validDate(d));
  if (bad >= 0) throw invalid(`departures[${bad}] must be an ISO 8601 date-time`);
  if (p.departures.some((d) => Date.parse(d) < Date.parse(p.cutOff))) throw invalid('every departure is at or after the cut-off');
  if (p.capacity !== undefined && (!Number.isInteger(p.capacity) || p.capacity < 1 || p.capacity > MAX_CAPACITY)) {
    throw invalid(`capacity must be a whole number from 1 to ${MAX_CAPACITY}`);
  }
  if (state.manifest.size === 0) throw conflict('the manifest is empty');
  if (state.plans.some((plan) => plan.status === 'awaiting-cut-off')) throw conflict('another plan is waiting for its cut-off');
}

/** The custody chain of the operation's route, in order (the same chain every case on it follows). */
export function flightChain(state: OperationState): { event: CustodyEventKind; country: Country }[] {
  const d = state.details;
  return [
    { event: 'released-by-custodial', country: d.custodialCountry },
    ...d.transitCountries.flatMap((country) => [
      { event: 'entered-transit' as const, country },
      { event: 'left-transit' as const, country },
    ]),
    { event: 'received-by-receiving', country: d.receivingCountry },
  ];
}

export function findFlight(state: OperationState, flightId: string): FlightView | undefined {
  return state.flights.find((f) => f.flightId === flightId);
}

/** True when the request id was already recorded for this flight (a repeat runs again, idempotently). */
export function isRepeatedFlightEvent(state: OperationState, p: FlightCustodyEvent): boolean {
  return findFlight(state, p.flightId)?.events.some((e) => e.requestId === p.requestId) ?? false;
}

export function validateFlightEvent(state: OperationState, p: FlightCustodyEvent): void {
  const actor = checkBase(p);
  const flight = findFlight(state, p.flightId);
  if (!flight) throw conflict(`no flight or convoy ${String(p.flightId)} in this operation`);
  if (!(CUSTODY_EVENTS as readonly string[]).includes(p.event)) throw invalid(`event must be one of ${CUSTODY_EVENTS.join(', ')}`);
  const repeat = isRepeatedFlightEvent(state, p);
  const chain = flightChain(state);
  const expected = chain[flight.events.length];
  if (!repeat) {
    requireOpen(state);
    if (!expected) throw conflict(`flight ${flight.flightId} has recorded every custody event`);
    if (p.event !== expected.event || p.country !== expected.country) {
      throw conflict(`out of order: the next custody event of flight ${flight.flightId} is ${expected.event} in ${expected.country}`);
    }
  }
  requireOfficerOf(actor, [p.country], `${p.event} in ${p.country}`);
  if (p.event === 'received-by-receiving' && p.identityRechecked !== true) {
    throw invalid('the receiving country re-checks identity on arrival (identityRechecked: true)');
  }
  if (p.at !== undefined && !validDate(p.at)) throw invalid('at must be an ISO 8601 date-time');
  const seen = new Set<string>();
  for (const [i, x] of (p.exceptions ?? []).entries()) {
    if (!x || !(CUSTODY_EXCEPTIONS as readonly string[]).includes(x.exception)) {
      throw invalid(`exceptions[${i}].exception must be one of ${CUSTODY_EXCEPTIONS.join(', ')}`);
    }
    if (seen.has(x.caseId)) throw invalid(`exceptions[${i}] names a case twice`);
    seen.add(x.caseId);
    if (x.exception === 'did-not-board' && p.event !== 'released-by-custodial') {
      throw invalid('did-not-board goes with released-by-custodial');
    }
    if (x.exception === 'identity-mismatch' && p.event !== 'received-by-receiving') {
      throw invalid('identity-mismatch goes with received-by-receiving');
    }
    if (!repeat && state.manifest.get(x.caseId)?.flightId !== flight.flightId) {
      throw conflict(`exceptions[${i}]: the case is not on flight ${flight.flightId}`);
    }
  }
}

export function validateRefresh(_state: OperationState, p: RefreshReadiness): void {
  if (!p || !nonEmpty(p.requestId)) throw invalid('requestId is required');
}
