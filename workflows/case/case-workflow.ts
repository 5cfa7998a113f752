/**
 * One person's case, from arrest to a confirmed handover (or another outcome).
 *
 * `setup` records the registration and installs the query and update handlers; `run` is a scheduler
 * loop over the case's clocks. Every change of status goes through `changeStatus`, which appends to
 * the timeline, applies clock changes, moves stage or outcome, and has its notifications sent and the
 * search attributes upserted, so they never drift apart. Behind patched('lean-history') (every new case)
 * an activation's notifications and upserts go out once, when its jobs are done, and the scheduler keeps
 * one timer (docs/case-workflow.md, "History budget").
 */
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
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
import { attributeValueKey, fingerprint, searchAttributeValues } from './status';
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

/**
 * patched() id of the lean history (docs/case-workflow.md, "History budget"): one scheduler timer kept
 * while the earliest due instant does not come earlier, one upsert per activation of the attributes that
 * changed (the start gives the registered values), and the notifications of an activation tried first
 * by one activity. The one id a new case records: the two patches before it are implied, so a lean
 * case pays one marker, and cases started before it keep their history's behaviour to the end.
 */
const LEAN_HISTORY = 'lean-history';

/**
 * The first try of an activation's notifications, together: one activity, no retry of its own (a
 * notification it did not deliver goes to `notifyFirstTries` and `notify`, as before). An ordinary
 * activity, not a local one: a local activity runs before its workflow task is committed, and a task
 * retried after a worker crash builds its notifications again with another workflow time (and, should
 * more events have arrived meanwhile, possibly another order), so one event id could reach the receiver
 * with two bodies. A scheduled activity's input is fixed in history.
 */
const { notifyBatch } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
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
  /** Behind patched(LEAN_HISTORY): decided once, in the first activation, for the whole run. */
  private lean = false;
  /** Lean: the value last published per attribute (attributeValueKey), from the start's values on. */
  private readonly published = new Map<string, string>();
  /** Lean: notifications of this activation, delivered together when it settles. */
  private pending: CaseNotification[] = [];
  private flushQueued = false;
  /** Lean: the scheduler timer (one at a time) and the instant it fires. */
  private timer?: { at: number; scope: CancellationScope };
  /** Lean: bumped when the scheduler timer fires. */
  private wakes = 0;

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
    // patched(LEAN_HISTORY) first: a history from before it holds no marker, so it answers false there
    // and writes nothing, and the older patches are asked exactly as they were.
    this.lean = patched(LEAN_HISTORY);
    if (this.lean) this.rememberStartAttributes();
    const registeredAt = registrationInstant(this.state.input, Date.now());
    const at = this.lean || patched(REGISTRATION_AT_INPUT_TIME) ? registeredAt : Date.now();
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
    if (this.lean) this.pending.push(...notifications);
    else for (const notification of notifications) this.send(notification);
    if (effect.outcome) log.info('case closed', { caseId: this.state.input.caseId, outcome: this.state.outcome });
    this.publishOrFlush();
    this.version += 1;
    return seq;
  }

  /** A notification entered or left its long retries: only visibility changes (no timeline entry). */
  private markRetrying(delta: 1 | -1): void {
    this.state.notificationsRetrying += delta;
    this.publishOrFlush();
  }

  private publishOrFlush(): void {
    if (this.lean) this.flushSoon();
    else this.publish();
  }

  // -------------------------------------------------------------------------------------------
  // Lean: what an activation sends and upserts, once, when its jobs are done
  // -------------------------------------------------------------------------------------------

  /** The values the start gave (the API gives the registered state's): what visibility already holds. */
  private rememberStartAttributes(): void {
    const given = workflowInfo().typedSearchAttributes;
    for (const pair of searchAttributeValues(this.state)) {
      this.published.set(pair.key.name, attributeValueKey(given.get(pair.key) ?? null));
    }
  }

  /**
   * The SDK runs an activation's jobs (updates, a fired timer...) and then its microtasks: this one runs
   * after every status change of the activation, so its notifications go out in one activity and its
   * attributes in one upsert.
   */
  private flushSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    void Promise.resolve().then(() => this.flush());
  }

  /** Sends what is pending and upserts what changed; a no-op when nothing is. */
  private flush(): void {
    this.flushQueued = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.deliver(batch);
    this.publishChanged();
  }

  /** Upserts the attributes whose value changed since last published, in one command. */
  private publishChanged(): void {
    const changed: SearchAttributeUpdatePair[] = searchAttributeValues(this.state).filter(
      (p) => this.published.get(p.key.name) !== attributeValueKey(p.value),
    );
    if (changed.length === 0) return;
    upsertSearchAttributes(changed);
    for (const p of changed) this.published.set(p.key.name, attributeValueKey(p.value));
  }

  /**
   * First try of the batch as one activity; whatever it did not deliver (or all of it, should the
   * activity itself fail) goes through `send`'s first tries and retries one by one, so nothing is lost,
   * and nothing it delivered is sent again.
   */
  private deliver(batch: CaseNotification[]): void {
    const sent: Promise<void> = notifyBatch(batch)
      .then(
        ({ undelivered }) => batch.filter((n) => undelivered.includes(n.eventId)),
        () => batch,
      )
      .then(async (again) => {
        await Promise.all(again.map((n) => this.retryDelivery(n)));
      });
    this.outgoing.add(sent);
    void sent.then(() => this.outgoing.delete(sent));
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
    const sent: Promise<void> = patched(RETRYING_NOTIFICATIONS_VISIBLE) ? this.retryDelivery(notification) : notify(notification).catch(() => undelivered(notification));
    this.outgoing.add(sent);
    void sent.then(() => this.outgoing.delete(sent));
  }

  /** The first tries, then (shown as retrying in the search attributes) `notify`'s long retries. */
  private retryDelivery(notification: CaseNotification): Promise<void> {
    return notifyFirstTries(notification).catch(async () => {
      this.markRetrying(+1);
      try {
        await notify(notification);
      } catch {
        undelivered(notification);
      } finally {
        this.markRetrying(-1);
      }
    });
  }

  // -------------------------------------------------------------------------------------------
  // run: the clock scheduler
  // -------------------------------------------------------------------------------------------

  async run(): Promise<void> {
    if (this.lean) return this.runLean();
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

  /**
   * The lean scheduler: one timer, armed for the earliest due instant. An update that moves that instant
   * later keeps it (it fires early, finds nothing due and arms the next), one that moves it earlier
   * replaces it, and none is cancelled when the case closes: a timer costs events only when it starts
   * (and when it fires or is cancelled), not for waiting.
   */
  private async runLean(): Promise<void> {
    const state = this.state;
    while (!isClosed(state)) {
      const due = firstDue(state, Date.now());
      if (due) {
        this.changeStatus(actions.clockEffect(state, due));
        continue;
      }
      this.arm(nextDueAt(state));
      const seen = this.version;
      const wakes = this.wakes;
      await condition(() => this.version !== seen || this.wakes !== wakes || isClosed(state));
    }
    // The closing change may have been made in this very microtask (a clock that ran out): flush it
    // here, so its notifications are under way before waiting for them.
    this.flush();
    while (this.outgoing.size > 0) {
      await Promise.all([...this.outgoing]);
      this.flush();
    }
    await condition(allHandlersFinished);
  }

  /** Makes sure the scheduler timer fires at `at` or before; undefined: nothing is due, an armed one may stay. */
  private arm(at: number | undefined): void {
    if (at === undefined || (this.timer && this.timer.at <= at)) return;
    this.timer?.scope.cancel();
    const scope = new CancellationScope();
    const timer = { at, scope };
    this.timer = timer;
    void scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => {
          if (this.timer === timer) this.timer = undefined;
          this.wakes += 1;
        },
        () => undefined, // replaced by an earlier one
      );
  }
}

function undelivered(notification: CaseNotification): void {
  log.warn('notification not delivered', { caseId: notification.caseId, kind: notification.kind, eventId: notification.eventId });
}

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const run = new CaseRun(input);
  run.setup();
  await run.run();
  return caseView(run.state, Date.now());
}
