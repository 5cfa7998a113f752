/**
 * Who may do what, when: the validators of every case action. They only read the state and throw an
 * Error whose message starts with a REJECTION_PREFIX, so a refused action writes nothing to history
 * and the API can map the reason to 403 / 409 / 400. Messages name the rule, never a person.
 */
import {
  REJECTION_PREFIX,
  RETURNABLE_STAGES,
  type CaseActionName,
  type CustodyEventKind,
  type DecideApproval,
  type DecideRefoulement,
  type ExtendLegalClock,
  type JoinOperation,
  type PlaceLegalHold,
  type RecordCustodyEvent,
  type RecordLegalReview,
  type RecordScreening,
  type RecordVerification,
  type RejectionKind,
  type ResumeFromHold,
  type ScheduleHandover,
  type Stage,
  type WithdrawCase,
} from '../../domain/case';
import { LEGAL_CLOCKS } from '../../domain/clocks';
import { COUNTRIES, ROLES, type Actor, type Country, type Role } from '../../domain/people';
import { isClosed, type CaseState } from './state';

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
  if (payload.actor.role === 'admin' || payload.actor.role === 'monitor') {
    throw forbidden(`the ${payload.actor.role} role reads cases and never acts on them`);
  }
  if (isClosed(state)) throw conflict(`the case is closed (${state.outcome ?? 'no outcome'})`);
  return 'new';
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

function custodial(state: CaseState): Country {
  return state.input.registration.custodialCountry;
}

function receiving(state: CaseState): Country {
  return state.input.registration.receivingCountry;
}

// ---------------------------------------------------------------------------------------------
// Custody chain
// ---------------------------------------------------------------------------------------------

export interface CustodyStep {
  event: CustodyEventKind;
  country: Country;
}

/** The events of a transfer in the order they must be recorded. */
export function custodyChain(state: CaseState): CustodyStep[] {
  const reg = state.input.registration;
  return [
    { event: 'released-by-custodial', country: reg.custodialCountry },
    ...reg.transitCountries.flatMap((country): CustodyStep[] => [
      { event: 'entered-transit', country },
      { event: 'left-transit', country },
    ]),
    { event: 'received-by-receiving', country: reg.receivingCountry },
  ];
}

export function expectedCustodyStep(state: CaseState): CustodyStep | undefined {
  if (isClosed(state) || !state.schedule) return undefined;
  return custodyChain(state)[state.custodyEvents.length];
}

// ---------------------------------------------------------------------------------------------
// One validator per action
// ---------------------------------------------------------------------------------------------

export function validateScreening(state: CaseState, p: RecordScreening): void {
  requireRole(p.actor, OFFICER_STEP, 'screening');
  requireCountry(p.actor, [custodial(state)], 'screening', 'custodial country');
  requireStage(state, ['screening'], 'screening');
  requireNoHold(state, 'screening');
  if (state.screening) throw conflict('screening is already recorded for this case');
  if (!['cleared', 'victim', 'refoulement-risk'].includes(p.result)) throw invalid('result must be cleared, victim or refoulement-risk');
}

export function validateRefoulement(state: CaseState, p: DecideRefoulement): void {
  requireRole(p.actor, ['legal'], 'a refoulement decision');
  requireCountry(p.actor, [custodial(state)], 'a refoulement decision', 'custodial country');
  requireStage(state, ['screening'], 'a refoulement decision');
  requireNoHold(state, 'a refoulement decision');
  if (state.refoulementReview?.status !== 'pending') throw conflict('no refoulement-risk review is pending');
  if (p.decision !== 'proceed' && p.decision !== 'refuse') throw invalid('decision must be proceed or refuse');
  if (!nonEmpty(p.reference)) throw invalid('a refoulement decision needs its reference');
}

export function validateVerification(state: CaseState, p: RecordVerification): void {
  requireRole(p.actor, OFFICER_STEP, 'identity verification');
  requireCountry(p.actor, [receiving(state)], 'identity verification', 'receiving country');
  requireStage(state, ['identity-verification'], 'identity verification');
  requireNoHold(state, 'identity verification');
  if (!['confirmed', 'not-a-national', 'inconclusive'].includes(p.result)) {
    throw invalid('result must be confirmed, not-a-national or inconclusive');
  }
  if (p.result === 'inconclusive' && !nonEmpty(p.moreInformation)) {
    throw invalid('an inconclusive verification names the information it still needs');
  }
}

export function validateLegalReview(state: CaseState, p: RecordLegalReview): void {
  requireRole(p.actor, ['legal'], 'a legal-review step');
  requireCountry(p.actor, [custodial(state)], 'a legal-review step', 'requested (custodial) country');
  if (state.input.registration.track !== 'extradition') throw conflict('legal review belongs to the extradition track only');
  requireStage(state, ['legal-review'], 'a legal-review step');
  requireNoHold(state, 'a legal-review step');
  if (!nonEmpty(p.reference)) throw invalid('a legal-review step needs its reference');
  const review = state.legalReview;
  switch (p.step) {
    case 'formal-request':
      if (!Array.isArray(p.documents) || p.documents.length === 0) throw invalid('a formal request lists its documents');
      // Supplementary documents may follow until the court has decided.
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
  requireRole(p.actor, ['supervisor'], 'an approval decision');
  const slot = state.approvals.find((a) => a.country === p.actor.country);
  const parties = [custodial(state), receiving(state), ...state.input.registration.transitCountries];
  requireCountry(p.actor, parties, 'an approval decision', 'countries of the case');
  requireStage(state, ['approvals'], 'an approval decision');
  requireNoHold(state, 'an approval decision');
  if (!slot) throw conflict('this country has no approval slot in this case');
  if (slot.status !== 'pending') throw conflict(`this country's ${slot.slot} is already ${slot.status}`);
  if (state.preparers.includes(p.actor.id)) {
    throw forbidden('four eyes: whoever prepared a step of this case cannot decide its approval');
  }
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

function validDate(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

export function validateSchedule(state: CaseState, p: ScheduleHandover): void {
  requireRole(p.actor, OFFICER_STEP, 'scheduling the handover');
  requireCountry(p.actor, [custodial(state)], 'scheduling the handover', 'custodial country');
  // Rescheduling is possible until the custodial country has released the person.
  requireStage(state, ['scheduling'], 'scheduling the handover');
  requireNoHold(state, 'scheduling the handover');
  if (!validDate(p.agreedDate)) throw invalid('agreedDate must be an ISO 8601 date');
  if (!nonEmpty(p.handoverPoint)) throw invalid('a handover point is required');
  if (!['air', 'land', 'river', 'sea'].includes(p.transport)) throw invalid('transport must be air, land, river or sea');
  if (!nonEmpty(p.escort)) throw invalid('an escort is required');
}

export function validateCustodyEvent(state: CaseState, p: RecordCustodyEvent): void {
  requireRole(p.actor, OFFICER_STEP, 'a custody event');
  const parties = [custodial(state), receiving(state), ...state.input.registration.transitCountries];
  requireCountry(p.actor, parties, 'a custody event', 'countries of the case');
  requireStage(state, ['scheduling', 'in-transfer'], 'a custody event');
  const expected = expectedCustodyStep(state);
  if (!expected) throw conflict('custody events start once the handover is scheduled');
  const done = state.custodyEvents.some((e) => e.event === p.event && e.country === p.country);
  if (done) throw conflict(`${p.event} in ${p.country} is already recorded`);
  if (p.event !== expected.event || p.country !== expected.country) {
    throw conflict(`out of order: the next custody event is ${expected.event} in ${expected.country}`);
  }
  if (p.actor.country !== expected.country) throw forbidden(`${expected.event} is recorded by ${expected.country}`);
  if (p.event === 'received-by-receiving' && p.identityRechecked !== true) {
    throw invalid('the receiving country re-checks identity on arrival (identityRechecked: true)');
  }
  if (p.at !== undefined && !validDate(p.at)) throw invalid('at must be an ISO 8601 date');
}

const HOLD_ROLES: Role[] = ['supervisor', 'legal'];

export function validatePlaceHold(state: CaseState, p: PlaceLegalHold): void {
  requireRole(p.actor, HOLD_ROLES, 'a legal hold');
  requireCountry(p.actor, [custodial(state), receiving(state)], 'a legal hold', 'custodial or receiving country');
  if (state.hold) throw conflict('the case is already on legal hold');
  if (!nonEmpty(p.reason)) throw invalid('a legal hold carries its reason');
}

export function validateResume(state: CaseState, p: ResumeFromHold): void {
  requireRole(p.actor, HOLD_ROLES, 'resuming from a legal hold');
  requireCountry(p.actor, [custodial(state), receiving(state)], 'resuming from a legal hold', 'custodial or receiving country');
  if (!state.hold) throw conflict('the case is not on legal hold');
}

export function validateWithdraw(state: CaseState, p: WithdrawCase): void {
  requireRole(p.actor, HOLD_ROLES, 'withdrawing the case');
  requireCountry(p.actor, [receiving(state)], 'withdrawing the case', 'requesting (receiving) country');
  if (!nonEmpty(p.reason)) throw invalid('a withdrawal carries its reason');
}

export function validateExtendClock(state: CaseState, p: ExtendLegalClock): void {
  requireRole(p.actor, ['legal'], 'extending a legal clock');
  requireCountry(p.actor, [custodial(state)], 'extending a legal clock', 'custodial country');
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
  requireRole(p.actor, OFFICER_STEP, 'joining an operation');
  requireCountry(p.actor, [custodial(state)], 'joining an operation', 'custodial country');
  if (state.stage === 'in-transfer') throw conflict('the operation cannot change once the transfer has started');
  if (p.operationId !== null && !nonEmpty(p.operationId)) throw invalid('operationId is a non-empty string, or null to leave');
}
