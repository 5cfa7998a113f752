/**
 * One person's case, from arrest to a confirmed handover (or another outcome).
 *
 * `setup` records the registration and installs the query and update handlers; `run` is a scheduler
 * loop over the case's clocks. Every change of status goes through `changeStatus`, which appends to
 * the timeline, applies clock changes, moves stage or outcome, sends notifications and upserts all
 * search attributes, so they never drift apart.
 */
import {
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseActivities } from '../../activities';
import type { CaseNotification } from '../../activities/notifications';
import {
  caseViewQuery,
  decideApprovalUpdate,
  decideRefoulementUpdate,
  extendLegalClockUpdate,
  joinOperationUpdate,
  placeLegalHoldUpdate,
  recordCustodyEventUpdate,
  recordLegalReviewUpdate,
  recordScreeningUpdate,
  recordVerificationUpdate,
  resumeFromHoldUpdate,
  scheduleHandoverUpdate,
  timelineQuery,
  withdrawCaseUpdate,
  type ActionResult,
  type CaseActionName,
  type CaseInput,
  type CaseView,
  type Outcome,
  type Stage,
} from '../../domain/case';
import type { Actor } from '../../domain/people';
import * as actions from './actions';
import { applyClockChange, firstDue, nextDueAt, startStageSla, stopAllClocks } from './clocks';
import * as rules from './rules';
import { initialState, isClosed, iso, type CaseState } from './state';
import { fingerprint, searchAttributeValues } from './status';
import { caseView } from './view';

const { notify } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  // Bounded, so a notification sink that is down for long cannot keep a closed case open forever.
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

interface ActionPayload {
  requestId: string;
  actor: Actor;
}

class CaseRun {
  readonly state: CaseState;
  /** Bumped on every change; the scheduler wakes when it moves. */
  private version = 0;
  private publishedAttributes = '';
  private readonly outgoing = new Set<Promise<void>>();

  constructor(input: CaseInput) {
    this.state = initialState(input);
  }

  // -------------------------------------------------------------------------------------------
  // setup
  // -------------------------------------------------------------------------------------------

  setup(): void {
    const registeredAt = Date.parse(this.state.input.registeredAt);
    // Before any handler exists, so the first update already sees the case in screening.
    this.changeStatus(actions.registrationEffect(this.state, Number.isNaN(registeredAt) ? Date.now() : registeredAt));

    setHandler(caseViewQuery, () => caseView(this.state, Date.now()));
    setHandler(timelineQuery, () => this.state.timeline.map((e) => ({ ...e })));

    this.action('recordScreening', recordScreeningUpdate, rules.validateScreening, actions.applyScreening);
    this.action('decideRefoulement', decideRefoulementUpdate, rules.validateRefoulement, actions.applyRefoulement);
    this.action('recordVerification', recordVerificationUpdate, rules.validateVerification, actions.applyVerification);
    this.action('recordLegalReview', recordLegalReviewUpdate, rules.validateLegalReview, actions.applyLegalReview);
    this.action('decideApproval', decideApprovalUpdate, rules.validateApproval, actions.applyApproval);
    this.action('scheduleHandover', scheduleHandoverUpdate, rules.validateSchedule, actions.applySchedule);
    this.action('recordCustodyEvent', recordCustodyEventUpdate, rules.validateCustodyEvent, actions.applyCustodyEvent);
    this.action('placeLegalHold', placeLegalHoldUpdate, rules.validatePlaceHold, actions.applyPlaceHold);
    this.action('resumeFromHold', resumeFromHoldUpdate, rules.validateResume, actions.applyResume);
    this.action('withdrawCase', withdrawCaseUpdate, rules.validateWithdraw, actions.applyWithdraw);
    this.action('extendLegalClock', extendLegalClockUpdate, rules.validateExtendClock, actions.applyExtendClock);
    this.action('joinOperation', joinOperationUpdate, rules.validateJoinOperation, actions.applyJoinOperation);
  }

  /**
   * Installs one action as an Update. The validator refuses before anything reaches history; a
   * repeated request id passes it and gets the first result back from the handler.
   */
  private action<P extends ActionPayload>(
    name: CaseActionName,
    update: UpdateDefinition<ActionResult, [P]>,
    validate: (state: CaseState, payload: P) => void,
    apply: (state: CaseState, payload: P, now: number) => actions.Effect,
  ): void {
    setHandler(
      update,
      async (payload: P): Promise<ActionResult> => {
        const prior = this.state.results.get(payload.requestId);
        if (prior) return prior.result;
        const effect = apply(this.state, payload, Date.now());
        const timelineSeq = this.changeStatus({ ...effect, actor: payload.actor, requestId: payload.requestId });
        const result: ActionResult = { requestId: payload.requestId, action: name, accepted: true, stage: this.state.stage, timelineSeq };
        if (this.state.outcome) result.outcome = this.state.outcome;
        this.state.results.set(payload.requestId, { action: name, actorId: payload.actor.id, result });
        return result;
      },
      {
        validator: (payload: P) => {
          if (rules.checkRequest(this.state, name, payload) === 'repeat') return;
          validate(this.state, payload);
        },
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // The one status function
  // -------------------------------------------------------------------------------------------

  /** Applies an Effect; returns the timeline seq of its first event. */
  private changeStatus(effect: actions.Effect): number {
    const now = Date.now();
    const seq = this.appendTimeline(effect, this.state.stage, now);
    for (const change of effect.clocks ?? []) applyClockChange(this.state, change, now);
    for (const draft of effect.notify ?? []) this.send(draft, now);
    if (effect.outcome) this.close(effect.outcome, effect.legalBasis, now);
    else if (effect.stage && effect.stage !== this.state.stage) this.enterStage(effect.stage, now);
    this.publish();
    this.version += 1;
    return seq;
  }

  private enterStage(stage: Stage, now: number): void {
    const from = this.state.stage;
    this.state.stage = stage;
    this.appendTimeline({ action: 'stage-changed', detail: `${from} → ${stage}` }, stage, now);
    startStageSla(this.state, now);
    if (stage === 'approvals') {
      const reg = this.state.input.registration;
      this.state.approvals = [
        { country: reg.custodialCountry, slot: 'release', status: 'pending' },
        { country: reg.receivingCountry, slot: 'accept', status: 'pending' },
        ...reg.transitCountries.map((country) => ({ country, slot: 'transit-consent' as const, status: 'pending' as const })),
      ];
      for (const slot of this.state.approvals) {
        this.send({ kind: 'approval-requested', audience: [`supervisor:${slot.country}`] }, now);
      }
    }
  }

  private close(outcome: Outcome, legalBasis: string | undefined, now: number): void {
    this.state.stage = 'closed';
    this.state.outcome = outcome;
    this.state.closedAt = now;
    stopAllClocks(this.state);
    this.appendTimeline({ action: 'closed', detail: outcome, legalBasis }, 'closed', now);
    this.send({ kind: 'outcome', audience: actions.outcomeAudience(this.state) }, now);
    log.info('case closed', { caseId: this.state.input.caseId, outcome });
  }

  private appendTimeline(effect: Pick<actions.Effect, 'action' | 'detail' | 'legalBasis' | 'actor' | 'requestId'>, stage: Stage, now: number): number {
    const seq = this.state.timeline.length + 1;
    this.state.timeline.push({
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

  /** Upserts every search attribute the case owns, when any of them changed. */
  private publish(): void {
    const pairs = searchAttributeValues(this.state);
    const print = fingerprint(pairs);
    if (print === this.publishedAttributes) return;
    upsertSearchAttributes(pairs);
    this.publishedAttributes = print;
  }

  /** Fire and forget: a failing notification sink never blocks the case. */
  private send(draft: actions.NotificationDraft, now: number): void {
    const caseId = this.state.input.caseId;
    this.state.notificationSeq += 1;
    const notification: CaseNotification = {
      eventId: `${caseId}:${this.state.notificationSeq}`,
      caseId,
      kind: draft.kind,
      audience: draft.audience,
      stage: this.state.stage,
      createdAt: iso(now),
    };
    if (draft.clock) notification.clock = draft.clock;
    if (draft.fraction !== undefined) notification.fraction = draft.fraction;
    if (draft.deadline !== undefined) notification.deadline = iso(draft.deadline);
    if (this.state.outcome) notification.outcome = this.state.outcome;
    const sent: Promise<void> = notify(notification).catch(() => {
      log.warn('notification not delivered', { caseId, kind: draft.kind, eventId: notification.eventId });
    });
    this.outgoing.add(sent);
    void sent.then(() => this.outgoing.delete(sent));
  }

  // -------------------------------------------------------------------------------------------
  // run: the clock scheduler
  // -------------------------------------------------------------------------------------------

  async run(): Promise<void> {
    const state = this.state;
    while (!isClosed(state)) {
      const due = firstDue(state, Date.now());
      if (due) {
        this.changeStatus(actions.clockEffect(state, due));
        continue;
      }
      const seen = this.version;
      const changed = () => this.version !== seen || isClosed(state);
      const at = nextDueAt(state);
      if (at === undefined) await condition(changed);
      else await condition(changed, Math.max(1, at - Date.now()));
    }
    // Notifications of the last steps (the outcome) go out before the workflow completes.
    await Promise.all([...this.outgoing]);
    await condition(allHandlersFinished);
  }
}

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const run = new CaseRun(input);
  run.setup();
  await run.run();
  return caseView(run.state, Date.now());
}
