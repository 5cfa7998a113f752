/**
 * What each accepted action and each due clock does to a case. These functions record the facts of
 * the action (screening result, approvals, custody events) and return an `Effect`: the timeline entry,
 * the stage or outcome to move to, the clock changes and the notifications. Only the workflow's one
 * status function applies an Effect, so stage, clocks, timeline and search attributes move together.
 */
import type { Actor } from '../../domain/people';
import {
  waitingOnKeyword,
  type AssignCase,
  type DecideApproval,
  type DecideRefoulement,
  type ExtendLegalClock,
  type JoinOperation,
  type Outcome,
  type PlaceLegalHold,
  type RecordCustodyEvent,
  type RecordCustodyException,
  type RecordLegalReview,
  type RecordScreening,
  type RecordVerification,
  type ResumeFromHold,
  type ScheduleHandover,
  type Stage,
  type WithdrawCase,
} from '../../domain/case';
import type { NotificationKind } from '../../activities/notifications';
import { slaName, type ClockChange, type DueOccurrence } from './clocks';
import { assignmentWait } from './rules';
import { iso, type CaseState } from './state';
import { actingCountries, involvedCountries, waitingOn } from './status';

export interface NotificationDraft {
  kind: NotificationKind;
  audience: string[];
  clock?: string;
  fraction?: number;
  deadline?: number;
}

export interface Effect {
  /** Timeline action, in the domain's words. */
  action: string;
  detail?: string;
  legalBasis?: string;
  /** Who acted; undefined for the system (clocks, automatic transitions). */
  actor?: Actor;
  requestId?: string;
  /** Stage to move to (ignored when `outcome` closes the case). */
  stage?: Stage;
  /** Closes the case with this outcome. */
  outcome?: Outcome;
  clocks?: ClockChange[];
  notify?: NotificationDraft[];
}

function prepared(state: CaseState, actor: Actor): void {
  if (!state.preparers.includes(actor.id)) state.preparers.push(actor.id);
}

const supervisorsOf = (countries: string[]) => countries.map((c) => `supervisor:${c}`);

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

/** The arrest is on record: the custody clock of the track starts at registration. */
export function registrationEffect(state: CaseState, registeredAt: number): Effect {
  const { input } = state;
  const reg = input.registration;
  const custodyClock = reg.track === 'extradition' ? 'provisional-detention' : 'immigration-detention';
  const via = reg.transitCountries.length > 0 ? ` via ${reg.transitCountries.join(', ')}` : '';
  return {
    action: 'registered',
    actor: input.registeredBy,
    detail: `${reg.track} ${reg.custodialCountry} → ${reg.receivingCountry}${via}; custody: ${reg.custodyStatus}`,
    legalBasis: `treaty profile ${input.profileId}`,
    stage: 'screening',
    clocks: [{ op: 'start-legal', clock: custodyClock, from: registeredAt }],
  };
}

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

export function applyScreening(state: CaseState, p: RecordScreening, now: number): Effect {
  state.screening = { result: p.result, vulnerable: p.vulnerable === true, by: p.actor.id, at: iso(now) };
  prepared(state, p.actor);
  const detail = [p.result, p.vulnerable ? 'vulnerable person' : undefined, p.notes].filter(Boolean).join('; ');
  const effect: Effect = { action: 'screening-recorded', detail };
  switch (p.result) {
    case 'cleared':
      return { ...effect, stage: 'identity-verification' };
    case 'victim':
      // ASEAN non-punishment principle: a trafficking victim leaves the criminal track.
      return { ...effect, outcome: 'referred-as-victim', legalBasis: 'national referral mechanism (non-punishment principle)' };
    case 'refoulement-risk':
      state.refoulementReview = { status: 'pending' };
      return { ...effect, detail: `${detail}; blocked until a legal officer decides` };
  }
}

export function applyRefoulement(state: CaseState, p: DecideRefoulement): Effect {
  state.refoulementReview = { status: p.decision, by: p.actor.id, reference: p.reference };
  prepared(state, p.actor);
  const effect: Effect = { action: 'refoulement-decided', detail: [p.decision, p.notes].filter(Boolean).join('; '), legalBasis: p.reference };
  return p.decision === 'proceed' ? { ...effect, stage: 'identity-verification' } : { ...effect, outcome: 'refused' };
}

export function applyVerification(state: CaseState, p: RecordVerification, now: number): Effect {
  state.verification = {
    result: p.result,
    by: p.actor.id,
    at: iso(now),
    reference: p.reference,
    moreInformation: p.result === 'inconclusive' ? p.moreInformation : undefined,
    referredTo: p.result === 'not-a-national' ? p.referredTo : undefined,
  };
  prepared(state, p.actor);
  switch (p.result) {
    case 'confirmed':
      return {
        action: 'verification-recorded',
        detail: 'confirmed',
        legalBasis: p.reference,
        stage: state.input.registration.track === 'extradition' ? 'legal-review' : 'approvals',
      };
    case 'not-a-national':
      return {
        action: 'verification-recorded',
        detail: p.referredTo ? `not a national; referred to the embassy of ${p.referredTo}` : 'not a national',
        legalBasis: p.reference,
        outcome: 'referred-to-embassy',
      };
    case 'inconclusive':
      return { action: 'verification-recorded', detail: `inconclusive; more information requested: ${p.moreInformation ?? ''}` };
  }
}

export function applyLegalReview(state: CaseState, p: RecordLegalReview, now: number): Effect {
  prepared(state, p.actor);
  const at = iso(now);
  switch (p.step) {
    case 'formal-request': {
      const missing = p.documents.filter((d) => !d.received).map((d) => d.name);
      const supplementary = state.legalReview.formalRequest !== undefined;
      state.legalReview.formalRequest = { reference: p.reference, documents: p.documents.map((d) => ({ ...d })), at };
      return {
        action: supplementary ? 'formal-request-documents-updated' : 'formal-request-received',
        detail: missing.length > 0 ? `documents missing: ${missing.join(', ')}` : 'document checklist complete',
        legalBasis: p.reference,
        // The formal request ends provisional detention's countdown.
        clocks: [{ op: 'stop-legal', clock: 'provisional-detention' }],
      };
    }
    case 'court-decision': {
      state.legalReview.courtDecision = { decision: p.decision, reference: p.reference, at };
      const effect: Effect = { action: 'court-decision-recorded', detail: p.decision, legalBasis: p.reference };
      return p.decision === 'extraditable' ? effect : { ...effect, outcome: 'refused' };
    }
    case 'executive-decision': {
      state.legalReview.executiveDecision = { decision: p.decision, reference: p.reference, at };
      const effect: Effect = { action: 'executive-decision-recorded', detail: p.decision, legalBasis: p.reference };
      return p.decision === 'granted' ? { ...effect, stage: 'approvals' } : { ...effect, outcome: 'refused' };
    }
  }
}

/** Forget what was decided from `stage` on, so the case does that work again. */
function reopenFrom(state: CaseState, stage: Stage): void {
  if (stage === 'screening') {
    state.screening = undefined;
    state.refoulementReview = undefined;
  }
  if (stage === 'screening' || stage === 'identity-verification') state.verification = undefined;
  // The formal request stays received (its clock stays stopped); the decisions are taken again.
  state.legalReview.courtDecision = undefined;
  state.legalReview.executiveDecision = undefined;
}

export function applyApproval(state: CaseState, p: DecideApproval, now: number): Effect {
  const slot = state.approvals.find((a) => a.country === p.actor.country)!;
  slot.by = p.actor.id;
  slot.at = iso(now);
  if (p.decision === 'approve') {
    slot.status = 'approved';
    const all = state.approvals.every((a) => a.status === 'approved');
    return {
      action: 'approved',
      detail: [`${slot.slot} by ${slot.country}`, p.notes].filter(Boolean).join('; '),
      ...(all ? { stage: 'scheduling' as const } : {}),
    };
  }
  slot.status = 'rejected';
  slot.reason = p.reason;
  if ('close' in p && p.close) {
    return { action: 'rejected', detail: `${slot.slot} by ${slot.country}: ${p.reason}; case closed`, outcome: 'refused' };
  }
  const returnTo = (p as { returnTo: Stage }).returnTo;
  reopenFrom(state, returnTo);
  // Every country decides again on the reworked case.
  state.approvals = [];
  return { action: 'rejected', detail: `${slot.slot} by ${slot.country}: ${p.reason}; returned to ${returnTo}`, stage: returnTo };
}

export function applySchedule(state: CaseState, p: ScheduleHandover): Effect {
  const previous = state.schedule;
  state.schedule = {
    agreedDate: p.agreedDate,
    handoverPoint: p.handoverPoint,
    transport: p.transport,
    escort: p.escort,
    flight: p.flight,
    version: (previous?.version ?? 0) + 1,
  };
  prepared(state, p.actor);
  const takeOver = state.input.clocks.legal['take-over'];
  return {
    action: previous ? 'handover-rescheduled' : 'handover-scheduled',
    detail: `${p.agreedDate} at ${p.handoverPoint} by ${p.transport}`,
    legalBasis: takeOver?.source,
    // The take-over clock counts from the agreed date; a new date moves it.
    clocks: [{ op: 'start-legal', clock: 'take-over', from: Date.parse(p.agreedDate) }, { op: 'complete-sla' }],
  };
}

export function applyCustodyEvent(state: CaseState, p: RecordCustodyEvent, now: number): Effect {
  state.custodyEvents.push({
    event: p.event,
    country: p.country,
    at: p.at ?? iso(now),
    by: p.actor.id,
    identityRechecked: p.event === 'received-by-receiving' ? true : undefined,
    reference: p.reference,
  });
  const effect: Effect = { action: p.event, detail: p.country, legalBasis: p.reference };
  switch (p.event) {
    case 'released-by-custodial':
      return {
        ...effect,
        stage: 'in-transfer',
        clocks: [
          { op: 'stop-legal', clock: 'immigration-detention' },
          { op: 'stop-legal', clock: 'take-over' },
        ],
      };
    case 'entered-transit':
      return { ...effect, clocks: [{ op: 'start-legal', clock: 'transit-stop', from: now, country: p.country }] };
    case 'left-transit':
      return { ...effect, clocks: [{ op: 'stop-legal', clock: 'transit-stop' }] };
    case 'received-by-receiving':
      return { ...effect, detail: `${p.country}; identity re-checked`, outcome: 'handed-over' };
  }
}

/**
 * The transfer attempt ends with the exception: its events go to the past attempts and the chain starts
 * again; the schedule is void (the take-over clock stops, a new schedule starts it again).
 *
 * did-not-board: the person never left the custodial country's custody, so its detention clock goes on
 * running untouched and the case waits in scheduling for the custodial officer's new date.
 *
 * identity-mismatch: the receiving country refuses the take-over and the person returns to the custodial
 * country's custody. The transit-stop clock stops. The immigration-detention clock runs again from its
 * first start with the extensions already granted: the time in transfer gives the custodial country no
 * new detention period (only a recorded legal decision extends a legal clock), so a clock already past
 * its deadline releases the person. Provisional detention stays stopped once the formal request is in.
 * The case returns to identity verification, and, as a rejection that returns a case there does, what
 * rested on the identity is decided again: the court's and the executive's decisions (extradition) and
 * every country's approval, since each was given for the person the receiving country now says this is
 * not. The formal request stays received.
 */
export function applyCustodyException(state: CaseState, p: RecordCustodyException, now: number): Effect {
  const attempt = {
    events: state.custodyEvents,
    exception: { exception: p.exception, country: p.actor.country, at: p.at ?? iso(now), by: p.actor.id, note: p.note, reference: p.reference },
  };
  state.custodyAttempts = [...(state.custodyAttempts ?? []), attempt];
  state.custodyEvents = [];
  state.schedule = undefined;
  const attemptNo = state.custodyAttempts.length;
  const effect: Effect = { action: p.exception, detail: `attempt ${attemptNo}: ${p.note}`, legalBasis: p.reference };
  if (p.exception === 'did-not-board') {
    return { ...effect, stage: 'scheduling', clocks: [{ op: 'stop-legal', clock: 'take-over' }, { op: 'restart-sla' }] };
  }
  const clocks: ClockChange[] = [{ op: 'stop-legal', clock: 'transit-stop' }, { op: 'stop-legal', clock: 'take-over' }];
  const detention = state.legalClocks['immigration-detention'];
  if (state.input.registration.track !== 'extradition' && detention?.startedAt !== undefined) {
    clocks.push({ op: 'start-legal', clock: 'immigration-detention', from: detention.startedAt });
  }
  reopenFrom(state, 'identity-verification');
  state.approvals = [];
  return { ...effect, stage: 'identity-verification', clocks };
}

export function applyPlaceHold(state: CaseState, p: PlaceLegalHold, now: number): Effect {
  const role = p.actor.role === 'legal' ? 'legal' : 'supervisor';
  state.hold = { reason: p.reason, since: iso(now), by: p.actor.id, country: p.actor.country, role };
  return {
    action: 'legal-hold-placed',
    detail: `${p.reason}; working SLAs paused, legal clocks keep running`,
    clocks: [{ op: 'pause-sla' }],
  };
}

export function applyResume(state: CaseState, _p: ResumeFromHold): Effect {
  state.hold = undefined;
  return { action: 'legal-hold-lifted', detail: 'working SLAs resumed', clocks: [{ op: 'resume-sla' }] };
}

export function applyWithdraw(_state: CaseState, p: WithdrawCase): Effect {
  return { action: 'withdrawn', detail: p.reason, outcome: 'withdrawn' };
}

export function applyExtendClock(state: CaseState, p: ExtendLegalClock): Effect {
  const ms = Math.round(p.days * state.input.clocks.dayMs);
  return {
    action: 'legal-clock-extended',
    detail: `${p.clock} extended by ${p.days} day(s)`,
    legalBasis: p.decisionReference,
    clocks: [{ op: 'extend-legal', clock: p.clock, ms }],
  };
}

export function applyJoinOperation(state: CaseState, p: JoinOperation): Effect {
  const previous = state.operationId;
  state.operationId = p.operationId ?? undefined;
  const why = p.reason !== undefined ? `: ${p.reason}` : '';
  return p.operationId === null
    ? { action: 'operation-left', detail: `${previous ?? 'no operation'}${why}` }
    : { action: 'operation-joined', detail: `${p.operationId}${why}` };
}

/**
 * Claim (own id), hand over (a colleague's id) or release (null) the waiting step. Not a step of the case:
 * the assigner does not become one of its preparers. The timeline names actor ids only.
 */
export function applyAssignment(state: CaseState, p: AssignCase, now: number): Effect {
  const previous = state.assignment;
  state.assignmentTouched = true;
  if (p.assignee === null) {
    state.assignment = undefined;
    return { action: 'assignment-released', detail: `${previous?.assignee ?? 'nobody'} no longer works ${previous?.wait ?? 'the step'}` };
  }
  const wait = assignmentWait(state, p.actor);
  state.assignment = { assignee: p.assignee, by: p.actor.id, at: iso(now), country: p.actor.country, wait };
  const from = previous ? ` from ${previous.assignee}` : '';
  return p.assignee === p.actor.id
    ? { action: 'assignment-claimed', detail: `${p.assignee} works ${wait}${previous ? ` (taken over${from})` : ''}` }
    : { action: 'assignment-handed-over', detail: `${p.assignee} works ${wait}${from ? ` (handed over${from})` : ''}` };
}

// ---------------------------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------------------------

const CLOSING_CLOCKS: Partial<Record<string, Outcome>> = {
  'provisional-detention': 'released-custody-expired',
  'immigration-detention': 'released-custody-expired',
  'take-over': 'deemed-abandoned',
};

export function clockEffect(state: CaseState, due: DueOccurrence): Effect {
  const reg = state.input.registration;
  switch (due.kind) {
    case 'legal-expired': {
      const rule = state.input.clocks.legal[due.clock];
      const outcome = CLOSING_CLOCKS[due.clock];
      if (outcome) {
        return {
          action: 'legal-clock-expired',
          detail: `${due.clock} ran out`,
          legalBasis: rule?.source,
          clocks: [{ op: 'expire-legal', clock: due.clock }],
          outcome,
          notify: [
            {
              kind: 'legal-clock-expired',
              audience: [reg.custodialCountry, reg.receivingCountry].flatMap((c) => [`supervisor:${c}`, `legal:${c}`]),
              clock: due.clock,
              deadline: due.at,
            },
          ],
        };
      }
      // An unscheduled transit stop outlasted its limit: escalate, the case stays open.
      const country = state.legalClocks[due.clock]?.country;
      return {
        action: 'legal-clock-expired',
        detail: `${due.clock} ran out${country ? ` in ${country}` : ''}; escalated`,
        legalBasis: rule?.source,
        clocks: [{ op: 'expire-legal', clock: due.clock }],
        notify: [
          {
            kind: 'escalation',
            audience: supervisorsOf([...new Set([...(country ? [country] : []), reg.receivingCountry])]),
            clock: due.clock,
            deadline: due.at,
          },
        ],
      };
    }
    case 'sla-reminder': {
      const pct = Math.round(due.fraction * 100);
      return {
        action: 'sla-reminder',
        detail: `${due.stage} SLA ${pct}% used`,
        clocks: [{ op: 'sla-reminder' }],
        notify: [
          {
            kind: 'reminder',
            audience: [...new Set(waitingOn(state).flatMap((w) => (w.kind === 'person' ? [waitingOnKeyword(w)] : [])))],
            clock: slaName(due.stage),
            fraction: due.fraction,
            deadline: state.sla ? state.sla.startedAt + state.sla.pausedMs + state.sla.durationMs : undefined,
          },
        ],
      };
    }
    case 'sla-overdue':
      return {
        action: 'sla-overdue',
        detail: `${due.stage} SLA ran out; escalated to supervisors`,
        clocks: [{ op: 'sla-overdue' }],
        notify: [{ kind: 'overdue', audience: supervisorsOf(actingCountries(state)), clock: slaName(due.stage), deadline: due.at }],
      };
  }
}

/** Who hears about an outcome: the supervisors of every country of the case. */
export function outcomeAudience(state: CaseState): string[] {
  return supervisorsOf(involvedCountries(state));
}
