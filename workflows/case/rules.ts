/**
 * Who may do what, when: the validators of every case action. They only read the state and throw an
 * Error whose message starts with a REJECTION_PREFIX, so a refused action writes nothing to history
 * and the API can map the reason to 403 / 409 / 400. Messages name the rule, never a person.
 *
 * Each validator is a gate (actor role, country, stage, hold, state: what does not depend on the body)
 * followed by the checks of the body. `allowedActions` runs the gates alone, so the case view's list of
 * what a reader may do and what the validators accept come from the same rules.
 */
import {
  CASE_ACTION_SEGMENTS,
  REJECTION_PREFIX,
  RETURNABLE_STAGES,
  type AssignCase,
  type CaseActionName,
  type CaseActionSegment,
  type DecideApproval,
  type DecideRefoulement,
  type ExtendLegalClock,
  type JoinOperation,
  type PlaceLegalHold,
  type RecordCustodyEvent,
  type RecordCustodyException,
  type RecordLegalReview,
  type RecordScreening,
  type RecordVerification,
  type RejectionKind,
  type ResumeFromHold,
  type ScheduleHandover,
  type Stage,
  type WithdrawCase,
} from '../../domain/case';
import { LEGAL_CLOCKS, type LegalClockName } from '../../domain/clocks';
import { CLIENT_ID_PATTERN, COUNTRIES, ROLES, type Actor, type Country, type Role } from '../../domain/people';
import { expectedCustodyStep, type CustodyStep } from './custody';
import { isClosed, type CaseState } from './state';
import { claimableWaits, personWaitKey, waitingOn, type PersonWait } from './status';

export function reject(kind: RejectionKind, message: string): Error {
  return new Error(`${REJECTION_PREFIX[kind]}${message}`);
}

const forbidden = (message: string) => reject('forbidden', message);
const conflict = (message: string) => reject('conflict', message);
const invalid = (message: string) => reject('invalid', message);

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

// ---------------------------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------------------------

interface ActionBase {
  requestId: string;
  actor: Actor;
}

/**
 * Runs first for every action. Returns 'repeat' when the request id was already accepted for the same
 * action by the same actor: the handler then returns the stored first result, whatever the state now.
 */
export function checkRequest(state: CaseState, action: CaseActionName, payload: ActionBase | undefined): 'new' | 'repeat' {
  if (!payload || typeof payload !== 'object') throw invalid('the action needs a body');
  if (!nonEmpty(payload.requestId)) throw invalid('requestId is required');
  const actor = payload.actor as Partial<Actor> | undefined;
  if (
    !actor ||
    !nonEmpty(actor.id) ||
    !(ROLES as readonly string[]).includes(actor.role ?? '') ||
    !(COUNTRIES as readonly string[]).includes(actor.country ?? '')
  ) {
    throw invalid('the actor needs an id, a role and a country');
  }
  const prior = state.results.get(payload.requestId);
  if (prior) {
    if (prior.action !== action) throw conflict(`request id already used for ${prior.action}`);
    if (prior.actorId !== payload.actor.id) throw conflict('request id already used by another actor');
    return 'repeat';
  }
  gateAnyAction(state, payload.actor);
  return 'new';
}

/** What every action needs: an acting role and an open case. */
function gateAnyAction(state: CaseState, actor: Actor): void {
  if (actor.role === 'admin' || actor.role === 'monitor') {
    throw forbidden(`the ${actor.role} role reads cases and never acts on them`);
  }
  if (isClosed(state)) throw conflict(`the case is closed (${state.outcome ?? 'no outcome'})`);
}

function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw forbidden(`${what} needs the ${roles.join(' or ')} role`);
}

function requireCountry(actor: Actor, countries: readonly Country[], what: string, whose: string): void {
  if (!countries.includes(actor.country)) throw forbidden(`${what} is for the ${whose} (${countries.join(', ')})`);
}

function requireStage(state: CaseState, stages: readonly Stage[], what: string): void {
  if (!stages.includes(state.stage)) throw conflict(`${what} is not possible in stage ${state.stage}`);
}

function requireNoHold(state: CaseState, what: string): void {
  if (state.hold) throw conflict(`the case is on legal hold: ${what} waits until it is resumed`);
}

const OFFICER_STEP: Role[] = ['officer', 'supervisor'];
const HOLD_ROLES: Role[] = ['supervisor', 'legal'];
/** Roles that work cases (and so may be assigned one). */
const ACTING_ROLES: Role[] = ['officer', 'supervisor', 'legal'];

function custodial(state: CaseState): Country {
  return state.input.registration.custodialCountry;
}

function receiving(state: CaseState): Country {
  return state.input.registration.receivingCountry;
}

function parties(state: CaseState): Country[] {
  return [custodial(state), receiving(state), ...state.input.registration.transitCountries];
}

function validDate(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

// ---------------------------------------------------------------------------------------------
// Gates: who may take an action in this state, whatever the body says
// ---------------------------------------------------------------------------------------------

export function gateScreening(state: CaseState, actor: Actor): void {
  requireRole(actor, OFFICER_STEP, 'screening');
  requireCountry(actor, [custodial(state)], 'screening', 'custodial country');
  requireStage(state, ['screening'], 'screening');
  requireNoHold(state, 'screening');
  if (state.screening) throw conflict('screening is already recorded for this case');
}

export function gateRefoulement(state: CaseState, actor: Actor): void {
  requireRole(actor, ['legal'], 'a refoulement decision');
  requireCountry(actor, [custodial(state)], 'a refoulement decision', 'custodial country');
  requireStage(state, ['screening'], 'a refoulement decision');
  requireNoHold(state, 'a refoulement decision');
  if (state.refoulementReview?.status !== 'pending') throw conflict('no refoulement-risk review is pending');
}

export function gateVerification(state: CaseState, actor: Actor): void {
  requireRole(actor, OFFICER_STEP, 'identity verification');
  requireCountry(actor, [receiving(state)], 'identity verification', 'receiving country');
  requireStage(state, ['identity-verification'], 'identity verification');
  requireNoHold(state, 'identity verification');
}

/** Which legal-review steps the state allows now (the body picks one of them). */
function possibleLegalSteps(state: CaseState): RecordLegalReview['step'][] {
  const review = state.legalReview;
  const steps: RecordLegalReview['step'][] = [];
  // Supplementary documents may follow until the court has decided.
  if (!review.courtDecision) steps.push('formal-request');
  if (review.formalRequest && !review.courtDecision && review.formalRequest.documents.every((d) => d.received)) steps.push('court-decision');
  if (review.courtDecision?.decision === 'extraditable' && !review.executiveDecision) steps.push('executive-decision');
  return steps;
}

export function gateLegalReview(state: CaseState, actor: Actor): void {
  requireRole(actor, ['legal'], 'a legal-review step');
  requireCountry(actor, [custodial(state)], 'a legal-review step', 'requested (custodial) country');
  if (state.input.registration.track !== 'extradition') throw conflict('legal review belongs to the extradition track only');
  requireStage(state, ['legal-review'], 'a legal-review step');
  requireNoHold(state, 'a legal-review step');
  if (possibleLegalSteps(state).length === 0) throw conflict('no legal-review step is possible now');
}

export function gateApproval(state: CaseState, actor: Actor): void {
  requireRole(actor, ['supervisor'], 'an approval decision');
  requireCountry(actor, parties(state), 'an approval decision', 'countries of the case');
  requireStage(state, ['approvals'], 'an approval decision');
  requireNoHold(state, 'an approval decision');
  const slot = state.approvals.find((a) => a.country === actor.country);
  if (!slot) throw conflict('this country has no approval slot in this case');
  if (slot.status !== 'pending') throw conflict(`this country's ${slot.slot} is already ${slot.status}`);
  if (state.preparers.includes(actor.id)) {
    throw forbidden('four eyes: whoever prepared a step of this case cannot decide its approval');
  }
}

export function gateSchedule(state: CaseState, actor: Actor): void {
  requireRole(actor, OFFICER_STEP, 'scheduling the handover');
  requireCountry(actor, [custodial(state)], 'scheduling the handover', 'custodial country');
  // Rescheduling is possible until the custodial country has released the person.
  requireStage(state, ['scheduling'], 'scheduling the handover');
  requireNoHold(state, 'scheduling the handover');
}

/** The part of the custody gate that names the next hop: an officer step of a party, once scheduled. */
function nextCustodyStep(state: CaseState, actor: Actor): CustodyStep {
  requireRole(actor, OFFICER_STEP, 'a custody event');
  requireCountry(actor, parties(state), 'a custody event', 'countries of the case');
  requireStage(state, ['scheduling', 'in-transfer'], 'a custody event');
  const expected = expectedCustodyStep(state);
  if (!expected) throw conflict('custody events start once the handover is scheduled');
  return expected;
}

/** Custody events are facts: recorded during a legal hold too, by the country of the next hop. */
export function gateCustodyEvent(state: CaseState, actor: Actor): void {
  const expected = nextCustodyStep(state, actor);
  if (actor.country !== expected.country) throw forbidden(`${expected.event} is recorded by ${expected.country}`);
}

/**
 * A custody exception is a fact of the transfer, recorded during a legal hold too. did-not-board: the
 * custodial country's officer, once scheduled and before its release; identity-mismatch: the receiving
 * country's officer, on arrival (when the next hop is received-by-receiving).
 */
export function gateCustodyException(state: CaseState, actor: Actor): void {
  requireRole(actor, OFFICER_STEP, 'a custody exception');
  requireCountry(actor, [custodial(state), receiving(state)], 'a custody exception', 'custodial or receiving country');
  gateException(state, actor, actor.country === custodial(state) ? 'did-not-board' : 'identity-mismatch');
}

/** The gate of one kind of exception: whose it is, and when. */
function gateException(state: CaseState, actor: Actor, kind: RecordCustodyException['exception']): void {
  requireRole(actor, OFFICER_STEP, kind);
  const ofCustodial = kind === 'did-not-board';
  requireCountry(actor, [ofCustodial ? custodial(state) : receiving(state)], kind, ofCustodial ? 'custodial country' : 'receiving country');
  requireStage(state, [ofCustodial ? 'scheduling' : 'in-transfer'], kind);
  const expected = expectedCustodyStep(state);
  if (!expected) throw conflict('custody exceptions start once the handover is scheduled');
  if (ofCustodial && expected.event !== 'released-by-custodial') {
    throw conflict('did-not-board is recorded before the custodial country releases the person');
  }
  if (!ofCustodial && expected.event !== 'received-by-receiving') {
    throw conflict(`identity-mismatch is recorded on arrival: the next custody event is ${expected.event} in ${expected.country}`);
  }
}

export function gatePlaceHold(state: CaseState, actor: Actor): void {
  requireRole(actor, HOLD_ROLES, 'a legal hold');
  requireCountry(actor, [custodial(state), receiving(state)], 'a legal hold', 'custodial or receiving country');
  if (state.hold) throw conflict('the case is already on legal hold');
}

export function gateResume(state: CaseState, actor: Actor): void {
  requireRole(actor, HOLD_ROLES, 'resuming from a legal hold');
  requireCountry(actor, [custodial(state), receiving(state)], 'resuming from a legal hold', 'custodial or receiving country');
  if (!state.hold) throw conflict('the case is not on legal hold');
}

export function gateWithdraw(state: CaseState, actor: Actor): void {
  requireRole(actor, HOLD_ROLES, 'withdrawing the case');
  requireCountry(actor, [receiving(state)], 'withdrawing the case', 'requesting (receiving) country');
}

/** The legal clocks of the case that run now and may still be extended (by their remaining days). */
function extendableClocks(state: CaseState): LegalClockName[] {
  return LEGAL_CLOCKS.filter((name) => {
    const rule = state.input.clocks.legal[name];
    const clock = state.legalClocks[name];
    return rule !== undefined && clock?.status === 'running' && clock.extendedMs < rule.maxExtensionMs;
  });
}

export function gateExtendClock(state: CaseState, actor: Actor): void {
  requireRole(actor, ['legal'], 'extending a legal clock');
  requireCountry(actor, [custodial(state)], 'extending a legal clock', 'custodial country');
  if (extendableClocks(state).length === 0) throw conflict('no legal clock of this case is running with extension left');
}

export function gateJoinOperation(state: CaseState, actor: Actor): void {
  requireRole(actor, OFFICER_STEP, 'joining an operation');
  requireCountry(actor, [custodial(state)], 'joining an operation', 'custodial country');
  if (state.stage === 'in-transfer') throw conflict('the operation cannot change once the transfer has started');
}

/**
 * The waits of the step an actor may claim: their own role's in their country, and for a supervisor
 * every wait of their country (a supervisor does officers' steps and hands work to their people).
 */
function waitsFor(state: CaseState, actor: Actor): PersonWait[] {
  return claimableWaits(state).filter((w) => w.country === actor.country && (w.role === actor.role || actor.role === 'supervisor'));
}

/** The assignee or a supervisor of the assignment's country may change an assignment; nobody else. */
function mayChangeAssignment(state: CaseState, actor: Actor): boolean {
  const current = state.assignment;
  return !current || current.assignee === actor.id || (actor.role === 'supervisor' && actor.country === current.country);
}

export function gateAssignment(state: CaseState, actor: Actor): void {
  requireRole(actor, ACTING_ROLES, 'assigning the waiting step');
  if (waitsFor(state, actor).length === 0) {
    const keywords = [...new Set(waitingOn(state).flatMap((w) => (w.kind === 'person' ? [`${w.role}:${w.country}`] : [])))];
    throw forbidden(`the case waits on ${keywords.join(', ') || 'no one'}, not on ${actor.role}:${actor.country}`);
  }
  if (!mayChangeAssignment(state, actor)) {
    throw conflict(`the waiting step is assigned to someone else: only they or a supervisor of ${state.assignment?.country ?? ''} may change that`);
  }
}

/** The wait a new assignment by `actor` is for: the same one on a hand-over, else the actor's own. */
export function assignmentWait(state: CaseState, actor: Actor): string {
  const current = state.assignment;
  const claimable = claimableWaits(state).map(personWaitKey);
  if (current && claimable.includes(current.wait)) return current.wait;
  const mine = waitsFor(state, actor);
  const own = mine.find((w) => w.role === actor.role) ?? mine[0];
  return own ? personWaitKey(own) : '';
}

/** The gate of every action the API exposes per case, by route segment. */
const GATES: Record<CaseActionSegment, (state: CaseState, actor: Actor) => void> = {
  screening: gateScreening,
  'refoulement-review': gateRefoulement,
  verification: gateVerification,
  'legal-review': gateLegalReview,
  approvals: gateApproval,
  schedule: gateSchedule,
  'custody-events': gateCustodyEvent,
  'custody-exceptions': gateCustodyException,
  hold: gatePlaceHold,
  resume: gateResume,
  withdraw: gateWithdraw,
  'clock-extensions': gateExtendClock,
  assignment: gateAssignment,
};

function passes(gate: () => void): boolean {
  try {
    gate();
    return true;
  } catch {
    return false;
  }
}

/**
 * The actions `actor` may take on the case now, as route segments: those whose gate lets the actor
 * through. None for a read without an actor, for monitors and admins, and on a closed case.
 */
export function allowedActions(state: CaseState, actor: Actor | undefined): CaseActionSegment[] {
  if (!actor || !passes(() => gateAnyAction(state, actor))) return [];
  return CASE_ACTION_SEGMENTS.filter((segment) => passes(() => GATES[segment](state, actor)));
}

// ---------------------------------------------------------------------------------------------
// One validator per action: its gate, then its body
// ---------------------------------------------------------------------------------------------

export function validateScreening(state: CaseState, p: RecordScreening): void {
  gateScreening(state, p.actor);
  if (!['cleared', 'victim', 'refoulement-risk'].includes(p.result)) throw invalid('result must be cleared, victim or refoulement-risk');
}

export function validateRefoulement(state: CaseState, p: DecideRefoulement): void {
  gateRefoulement(state, p.actor);
  if (p.decision !== 'proceed' && p.decision !== 'refuse') throw invalid('decision must be proceed or refuse');
  if (!nonEmpty(p.reference)) throw invalid('a refoulement decision needs its reference');
}

export function validateVerification(state: CaseState, p: RecordVerification): void {
  gateVerification(state, p.actor);
  if (!['confirmed', 'not-a-national', 'inconclusive'].includes(p.result)) {
    throw invalid('result must be confirmed, not-a-national or inconclusive');
  }
  if (p.result === 'inconclusive' && !nonEmpty(p.moreInformation)) {
    throw invalid('an inconclusive verification names the information it still needs');
  }
}

export function validateLegalReview(state: CaseState, p: RecordLegalReview): void {
  gateLegalReview(state, p.actor);
  if (!nonEmpty(p.reference)) throw invalid('a legal-review step needs its reference');
  const review = state.legalReview;
  switch (p.step) {
    case 'formal-request':
      if (!Array.isArray(p.documents) || p.documents.length === 0) throw invalid('a formal request lists its documents');
      if (review.courtDecision) throw conflict('the court has already decided on the formal request');
      return;
    case 'court-decision':
      if (!review.formalRequest) throw conflict('the court decides after the formal request is received');
      if (review.formalRequest.documents.some((d) => !d.received)) {
        throw conflict('the formal request is missing documents of its checklist');
      }
      if (review.courtDecision) throw conflict('the court decision is already recorded');
      if (p.decision !== 'extraditable' && p.decision !== 'not-extraditable') throw invalid('decision must be extraditable or not-extraditable');
      return;
    case 'executive-decision':
      if (review.courtDecision?.decision !== 'extraditable') {
        throw conflict('the executive decides after a court decision that the person is extraditable');
      }
      if (review.executiveDecision) throw conflict('the executive decision is already recorded');
      if (p.decision !== 'granted' && p.decision !== 'refused') throw invalid('decision must be granted or refused');
      return;
    default:
      throw invalid('step must be formal-request, court-decision or executive-decision');
  }
}

/** Stages a rejection may send this case back to: those its track has passed through. */
export function returnableStages(state: CaseState): Stage[] {
  return RETURNABLE_STAGES.filter((s) => s !== 'legal-review' || state.input.registration.track === 'extradition');
}

export function validateApproval(state: CaseState, p: DecideApproval): void {
  gateApproval(state, p.actor);
  if (p.decision === 'approve') return;
  if (p.decision !== 'reject') throw invalid('decision must be approve or reject');
  if (!nonEmpty(p.reason)) throw invalid('a rejection carries its reason');
  const returnTo = 'returnTo' in p ? p.returnTo : undefined;
  const close = 'close' in p ? p.close : undefined;
  if ((returnTo === undefined) === (close !== true)) throw invalid('a rejection either returns to a stage (returnTo) or closes the case (close)');
  if (returnTo !== undefined && !returnableStages(state).includes(returnTo)) {
    throw invalid(`a rejection can return this case to ${returnableStages(state).join(', ')}`);
  }
}

export function validateSchedule(state: CaseState, p: ScheduleHandover): void {
  gateSchedule(state, p.actor);
  if (!validDate(p.agreedDate)) throw invalid('agreedDate must be an ISO 8601 date');
  if (!nonEmpty(p.handoverPoint)) throw invalid('a handover point is required');
  if (!['air', 'land', 'river', 'sea'].includes(p.transport)) throw invalid('transport must be air, land, river or sea');
  if (!nonEmpty(p.escort)) throw invalid('an escort is required');
}

export function validateCustodyEvent(state: CaseState, p: RecordCustodyEvent): void {
  // A hop recorded twice or out of order is a conflict whoever sends it; whose hop it is comes after.
  const expected = nextCustodyStep(state, p.actor);
  const done = state.custodyEvents.some((e) => e.event === p.event && e.country === p.country);
  if (done) throw conflict(`${p.event} in ${p.country} is already recorded`);
  if (p.event !== expected.event || p.country !== expected.country) {
    throw conflict(`out of order: the next custody event is ${expected.event} in ${expected.country}`);
  }
  gateCustodyEvent(state, p.actor);
  if (p.event === 'received-by-receiving' && p.identityRechecked !== true) {
    throw invalid('the receiving country re-checks identity on arrival (identityRechecked: true)');
  }
  if (p.at !== undefined && !validDate(p.at)) throw invalid('at must be an ISO 8601 date');
}

export function validateCustodyException(state: CaseState, p: RecordCustodyException): void {
  if (p.exception !== 'did-not-board' && p.exception !== 'identity-mismatch') {
    throw invalid('exception must be did-not-board or identity-mismatch');
  }
  gateException(state, p.actor, p.exception);
  if (!nonEmpty(p.note)) throw invalid('a custody exception carries a note of what happened');
  if (p.at !== undefined && !validDate(p.at)) throw invalid('at must be an ISO 8601 date');
}

export function validatePlaceHold(state: CaseState, p: PlaceLegalHold): void {
  gatePlaceHold(state, p.actor);
  if (!nonEmpty(p.reason)) throw invalid('a legal hold carries its reason');
}

export function validateResume(state: CaseState, p: ResumeFromHold): void {
  gateResume(state, p.actor);
}

export function validateWithdraw(state: CaseState, p: WithdrawCase): void {
  gateWithdraw(state, p.actor);
  if (!nonEmpty(p.reason)) throw invalid('a withdrawal carries its reason');
}

export function validateExtendClock(state: CaseState, p: ExtendLegalClock): void {
  gateExtendClock(state, p.actor);
  if (!(LEGAL_CLOCKS as readonly string[]).includes(p.clock)) throw invalid(`clock must be one of ${LEGAL_CLOCKS.join(', ')}`);
  if (typeof p.days !== 'number' || !Number.isFinite(p.days) || p.days <= 0) throw invalid('days must be a positive number');
  if (!nonEmpty(p.decisionReference)) throw invalid('only a recorded legal decision extends a legal clock (decisionReference)');
  const rule = state.input.clocks.legal[p.clock];
  const clock = state.legalClocks[p.clock];
  if (!rule || !clock) throw conflict(`this case has no ${p.clock} clock`);
  if (clock.status !== 'running') throw conflict(`the ${p.clock} clock is ${clock.status}`);
  const ms = Math.round(p.days * state.input.clocks.dayMs);
  if (clock.extendedMs + ms > rule.maxExtensionMs) {
    const leftDays = Math.max(0, rule.maxExtensionMs - clock.extendedMs) / state.input.clocks.dayMs;
    throw conflict(`the ${p.clock} clock can be extended by at most ${leftDays} more day(s) (${rule.source})`);
  }
}

export function validateJoinOperation(state: CaseState, p: JoinOperation): void {
  gateJoinOperation(state, p.actor);
  if (p.operationId !== null && !nonEmpty(p.operationId)) throw invalid('operationId is a non-empty string, or null to leave');
}

export function validateAssignment(state: CaseState, p: AssignCase): void {
  gateAssignment(state, p.actor);
  if (p.assignee !== null && (typeof p.assignee !== 'string' || !CLIENT_ID_PATTERN.test(p.assignee))) {
    throw invalid('assignee is a user id (1-128 letters, digits or . _ : @ / -), or null to release');
  }
  const current = state.assignment;
  if (p.assignee === null) {
    if (!current) throw conflict('the waiting step is not assigned');
    return;
  }
  if (current?.assignee === p.assignee) throw conflict('the waiting step is already assigned to this user');
}
