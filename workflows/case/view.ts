import type { CaseView } from '../../domain/case';
import type { Actor } from '../../domain/people';
import { clockViews, isOverdue, nextDeadline } from './clocks';
import { expectedCustodyStep } from './custody';
import { allowedActions } from './rules';
import { iso, type CaseState } from './state';
import { waitingOn } from './status';

/**
 * The case view answered by the `caseView` query (copies, so callers cannot mutate the state), as `actor`
 * sees it: `allowedActions` are that actor's (none without one).
 */
export function caseView(state: CaseState, now: number, actor?: Actor): CaseView {
  const { input } = state;
  const reg = input.registration;
  const deadline = nextDeadline(state);
  const hold = state.hold ? { reason: state.hold.reason, since: state.hold.since, by: state.hold.by } : undefined;
  const view: CaseView = {
    caseId: input.caseId,
    track: reg.track,
    stage: state.stage,
    outcome: state.outcome,
    custodialCountry: reg.custodialCountry,
    receivingCountry: reg.receivingCountry,
    transitCountries: [...reg.transitCountries],
    operationId: state.operationId,
    externalReference: reg.externalReference,
    custodyStatus: reg.custodyStatus,
    profileId: input.profileId,
    registeredAt: input.registeredAt,
    registeredBy: input.registeredBy.id,
    closedAt: state.closedAt !== undefined ? iso(state.closedAt) : undefined,
    person: reg.person,
    arrest: reg.arrest,
    charges: [...reg.charges],
    screening: state.screening,
    refoulementReview: state.refoulementReview,
    verification: state.verification,
    legalReview: reg.track === 'extradition' ? state.legalReview : undefined,
    approvals: state.approvals.map((a) => ({ ...a })),
    schedule: state.schedule,
    custodyEvents: state.custodyEvents.map((e) => ({ ...e })),
    custodyAttempts: state.custodyAttempts?.map((a) => ({ events: a.events.map((e) => ({ ...e })), exception: { ...a.exception } })),
    expectedCustodyEvent: expectedCustodyStep(state),
    hold,
    assignment: state.assignment
      ? { assignee: state.assignment.assignee, by: state.assignment.by, at: state.assignment.at }
      : undefined,
    clocks: clockViews(state, now),
    waitingOn: waitingOn(state),
    overdue: isOverdue(state),
    nextDeadline: deadline !== undefined ? iso(deadline) : undefined,
    requestHash: input.requestHash,
    timelineLength: state.timeline.length,
    allowedActions: allowedActions(state, actor),
  };
  return view;
}
