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
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseActivities } from '../../activities';
import type { CaseNotification } from '../../activities/notifications';
import {
  type ActionResult,
  type CaseActionName,
  type CaseInput,
  type CaseView,
} from '../../domain/case';
import { assignCaseUpdate, caseViewQuery, decideApprovalUpdate, decideRefoulementUpdate, extendLegalClockUpdate, joinOperationUpdate, placeLegalHoldUpdate, recordCustodyEventUpdate, recordCustodyExceptionUpdate, recordLegalReviewUpdate, recordScreeningUpdate, recordVerificationUpdate, resumeFromHoldUpdate, scheduleHandoverUpdate, timelineQuery, withdrawCaseUpdate } from '../../domain/case-messages';
import type { Actor } from '../../domain/people';
import * as actions from './actions';
import { firstDue, nextDueAt } from './clocks';
import * as rules from './rules';
import { initialState, isClosed, type CaseState } from './state';
import { fingerprint, searchAttributeValues } from './status';
import { applyEffect, registrationInstant } from './transition';
import { caseView } from './view';

/** patched() id: the registration is applied at the input's registeredAt (see setup). */
const REGISTRATION_AT_INPUT_TIME = 'registration-at-input-time';

const { notify } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  // Bounded, so a notification sink that is down for long cannot keep a closed case open forever.
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The first tries of a notification. When they fail the case says so in its search attributes
 * (`activity:notify` in HandoverWaitingOn), so monitors find it through visibility, and the retries
 * go on with `notify`'s policy.
 */
const { notify: notifyFirstTries } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** patched() id: a notification that fails its first tries is shown as retrying (see send). */
const RETRYING_NOTIFICATIONS_VISIBLE = 'retrying-notifications-visible';

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
    // Before any handler exists, so the first update already sees the case in screening. The whole
    // registration happens at the instant the API registered the arrest (so its timeline, working SLA and
    // the view POST /cases answered agree, however long the first task waited); cases started before
    // this patch took their first task's time for all but the custody clock.
    const registeredAt = registrationInstant(this.state.input, Date.now());
    const at = patched(REGISTRATION_AT_INPUT_TIME) ? registeredAt : Date.now();
    this.changeStatus(actions.registrationEffect(this.state, registeredAt), at);

    // The reader's actor (optional, so callers from before it keep working) only shapes allowedActions.
    setHandler(caseViewQuery, (reader?: Actor) => caseView(this.state, Date.now(), reader));
    setHandler(timelineQuery, () => this.state.timeline.map((e) => ({ ...e })));

    this.action('recordScreening', recordScreeningUpdate, rules.validateScreening, actions.applyScreening);
    this.action('decideRefoulement', decideRefoulementUpdate, rules.validateRefoulement, actions.applyRefoulement);
    this.action('recordVerification', recordVerificationUpdate, rules.validateVerification, actions.applyVerification);
    this.action('recordLegalReview', recordLegalReviewUpdate, rules.validateLegalReview, actions.applyLegalReview);
    this.action('decideApproval', decideApprovalUpdate, rules.validateApproval, actions.applyApproval);
    this.action('scheduleHandover', scheduleHandoverUpdate, rules.validateSchedule, actions.applySchedule);
    this.action('recordCustodyEvent', recordCustodyEventUpdate, rules.validateCustodyEvent, actions.applyCustodyEvent);
    this.action('recordCustodyException', recordCustodyExceptionUpdate, rules.validateCustodyException, actions.applyCustodyException);
    this.action('placeLegalHold', placeLegalHoldUpdate, rules.validatePlaceHold, actions.applyPlaceHold);
    this.action('resumeFromHold', resumeFromHoldUpdate, rules.validateResume, actions.applyResume);
    this.action('withdrawCase', withdrawCaseUpdate, rules.validateWithdraw, actions.applyWithdraw);
    this.action('extendLegalClock', extendLegalClockUpdate, rules.validateExtendClock, actions.applyExtendClock);
    this.action('joinOperation', joinOperationUpdate, rules.validateJoinOperation, actions.applyJoinOperation);
    this.action('assignCase', assignCaseUpdate, rules.validateAssignment, actions.applyAssignment);
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
        // Views are the acting actor's, so their allowedActions are what that actor may do next.
        if (prior) return { ...prior.result, view: caseView(this.state, Date.now(), payload.actor) };
        const effect = apply(this.state, payload, Date.now());
        const timelineSeq = this.changeStatus({ ...effect, actor: payload.actor, requestId: payload.requestId });
        const result: ActionResult = { requestId: payload.requestId, action: name, accepted: true, stage: this.state.stage, timelineSeq };
        if (this.state.outcome) result.outcome = this.state.outcome;
        // Stored without the view: a repeat answers the case as it is then.
        this.state.results.set(payload.requestId, { action: name, actorId: payload.actor.id, result });
        return { ...result, view: caseView(this.state, Date.now(), payload.actor) };
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

  /** Applies an Effect at `now` (workflow time unless given); returns the timeline seq of its first event. */
  private changeStatus(effect: actions.Effect, now = Date.now()): number {
    const { seq, notifications } = applyEffect(this.state, effect, now);
    for (const notification of notifications) this.send(notification);
    if (effect.outcome) log.info('case closed', { caseId: this.state.input.caseId, outcome: this.state.outcome });
    this.publish();
    this.version += 1;
    return seq;
  }

  /** A notification entered or left its long retries: only visibility changes (no timeline entry). */
  private markRetrying(delta: 1 | -1): void {
    this.state.notificationsRetrying += delta;
    this.publish();
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
  private send(notification: CaseNotification): void {
    const undelivered = () => {
      log.warn('notification not delivered', { caseId: notification.caseId, kind: notification.kind, eventId: notification.eventId });
    };
    const sent: Promise<void> = patched(RETRYING_NOTIFICATIONS_VISIBLE)
      ? notifyFirstTries(notification).catch(async () => {
          this.markRetrying(+1);
          try {
            await notify(notification);
          } catch {
            undelivered();
          } finally {
            this.markRetrying(-1);
          }
        })
      : notify(notification).catch(undelivered);
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
