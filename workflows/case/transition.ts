/**
 * What one status change does to a case, as a pure function of the state, the Effect and the instant:
 * timeline, clocks, stage or outcome, approval slots, and the notifications it produces (numbered and
 * stamped with the stage they were produced in). The workflow's `changeStatus` applies it, then sends
 * the notifications and upserts the search attributes; the API applies the registration to answer
 * `POST /cases` with the new case's view without waiting for a worker.
 */
import type { SearchAttributePair } from '@temporalio/common';
import type { CaseInput, Outcome, Stage } from '../../domain/case';
import type { CaseNotification } from '../../activities/notifications';
import { registrationEffect, outcomeAudience, type Effect, type NotificationDraft } from './actions';
import { applyClockChange, startStageSla, stopAllClocks } from './clocks';
import { initialState, iso, type CaseState } from './state';
import { claimableWaits, personWaitKey, searchAttributeValues } from './status';

export interface Transition {
  /** Timeline seq of the change's first event. */
  seq: number;
  /** In the order they were produced; the workflow schedules them in this order. */
  notifications: CaseNotification[];
}

export function applyEffect(state: CaseState, effect: Effect, now: number): Transition {
  const notifications: CaseNotification[] = [];
  const seq = appendTimeline(state, effect, state.stage, now);
  for (const change of effect.clocks ?? []) applyClockChange(state, change, now);
  for (const draft of effect.notify ?? []) notifications.push(notification(state, draft, now));
  if (effect.outcome) close(state, effect.outcome, effect.legalBasis, now, notifications);
  else if (effect.stage && effect.stage !== state.stage) enterStage(state, effect.stage, now, notifications);
  endFinishedAssignment(state, now);
  return { seq, notifications };
}

/**
 * An assignment is for one waiting step (e.g. `officer:KH:recordScreening`), not for the stage: once the
 * case no longer waits on that step (done, the next hop, a rejection, closed) the claim ends, and the
 * timeline says so. A legal hold pauses the step without ending it, so the claim outlives the hold.
 */
function endFinishedAssignment(state: CaseState, now: number): void {
  const assignment = state.assignment;
  if (!assignment || claimableWaits(state).some((w) => personWaitKey(w) === assignment.wait)) return;
  state.assignment = undefined;
  appendTimeline(state, { action: 'assignment-ended', detail: `${assignment.assignee}: ${assignment.wait} is no longer waited on` }, state.stage, now);
}

/** The registration's instant: when the API registered the arrest (the input says), not when a worker first ran. */
export function registrationInstant(input: CaseInput, fallback: number): number {
  const at = Date.parse(input.registeredAt);
  return Number.isNaN(at) ? fallback : at;
}

/** The state of a case right after its registration, as its workflow's first task leaves it. */
export function registeredState(input: CaseInput): CaseState {
  const state = initialState(input);
  const at = registrationInstant(input, 0);
  applyEffect(state, registrationEffect(state, at), at);
  return state;
}

/**
 * The search attributes of a case as its first workflow task leaves it, to be given at start: lists see
 * the case in screening at once, and the workflow has nothing to upsert for its registration.
 */
export function startSearchAttributes(input: CaseInput): SearchAttributePair[] {
  return searchAttributeValues(registeredState(input)).filter((p): p is SearchAttributePair => p.value !== null);
}

function enterStage(state: CaseState, stage: Stage, now: number, out: CaseNotification[]): void {
  const from = state.stage;
  state.stage = stage;
  appendTimeline(state, { action: 'stage-changed', detail: `${from} → ${stage}` }, stage, now);
  startStageSla(state, now);
  if (stage === 'approvals') {
    const reg = state.input.registration;
    state.approvals = [
      { country: reg.custodialCountry, slot: 'release', status: 'pending' },
      { country: reg.receivingCountry, slot: 'accept', status: 'pending' },
      ...reg.transitCountries.map((country) => ({ country, slot: 'transit-consent' as const, status: 'pending' as const })),
    ];
    for (const slot of state.approvals) {
      out.push(notification(state, { kind: 'approval-requested', audience: [`supervisor:${slot.country}`] }, now));
    }
  }
}

function close(state: CaseState, outcome: Outcome, legalBasis: string | undefined, now: number, out: CaseNotification[]): void {
  state.stage = 'closed';
  state.outcome = outcome;
  state.closedAt = now;
  stopAllClocks(state);
  appendTimeline(state, { action: 'closed', detail: outcome, legalBasis }, 'closed', now);
  out.push(notification(state, { kind: 'outcome', audience: outcomeAudience(state) }, now));
}

function appendTimeline(
  state: CaseState,
  effect: Pick<Effect, 'action' | 'detail' | 'legalBasis' | 'actor' | 'requestId'>,
  stage: Stage,
  now: number,
): number {
  const seq = state.timeline.length + 1;
  state.timeline.push({
    seq,
    at: iso(now),
    actor: effect.actor?.id ?? 'system',
    actorRole: effect.actor?.role,
    actorCountry: effect.actor?.country,
    action: effect.action,
    stage,
    detail: effect.detail,
    legalBasis: effect.legalBasis,
    requestId: effect.requestId,
  });
  return seq;
}

/** Numbers the notification (its event id makes retries and replays idempotent) and stamps the current stage. */
function notification(state: CaseState, draft: NotificationDraft, now: number): CaseNotification {
  const caseId = state.input.caseId;
  state.notificationSeq += 1;
  const n: CaseNotification = {
    eventId: `${caseId}:${state.notificationSeq}`,
    caseId,
    kind: draft.kind,
    audience: draft.audience,
    stage: state.stage,
    createdAt: iso(now),
  };
  if (draft.clock) n.clock = draft.clock;
  if (draft.fraction !== undefined) n.fraction = draft.fraction;
  if (draft.deadline !== undefined) n.deadline = iso(draft.deadline);
  if (state.outcome) n.outcome = state.outcome;
  return n;
}
