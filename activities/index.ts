/**
 * Activities are built from their dependencies, so production passes a log+outbox notifier (later a
 * webhook) and tests pass an in-memory outbox. Workflows import the `CaseActivities` type only.
 */
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../config/env';
import { LogAndOutboxNotifier, type ActivityLogger } from './default-notifier';
import { NOTIFICATION_KINDS, type CaseNotification, type Notifier } from './notifications';
import { JsonlOutbox } from './outbox';
import { createOperationActivities, type OperationActivityDeps } from './operation-activities';

export interface ActivityDeps {
  notifier: Notifier;
  logger?: ActivityLogger;
  /** The operation's activities (client defaults to the worker's own). */
  operations?: OperationActivityDeps;
}

/**
 * How long the first try of a notification may take in `notifyBatch`. One that is not through by then
 * counts as undelivered and goes to `notify`'s tries; the receiver dedupes on the event id should the
 * first try still arrive (the same body: the batch's input is fixed in the case's history).
 */
export const FIRST_TRY_BUDGET_MS = 3_000;

function checkNotification(notification: CaseNotification): void {
  if (!notification?.eventId || !notification.caseId || !NOTIFICATION_KINDS.includes(notification.kind)) {
    // A malformed notification is a bug in the workflow; retrying would not fix it.
    throw ApplicationFailure.nonRetryable('INVALID: malformed notification', 'InvalidNotification');
  }
}

/** Resolves true when `sending` succeeds within the budget, false when it fails or takes longer. */
async function withinBudget(sending: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([sending.then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface BatchDelivery {
  /** Event ids the sink took on this first try. */
  delivered: string[];
  /** Event ids it refused or did not answer for in time: the workflow retries each with `notify`. */
  undelivered: string[];
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createOperationActivities(deps.operations),
    /** Idempotent on `notification.eventId` (the notifier's outbox drops repeats). */
    async notify(notification: CaseNotification): Promise<void> {
      checkNotification(notification);
      await deps.notifier.send(notification);
    },
    /**
     * The first try of every notification one workflow activation of a case produced, sent together (in
     * parallel). Never throws for the sink: it answers which were delivered, so none is sent twice by a
     * retry of the batch and none is lost (the workflow tries the undelivered ones again one by one).
     */
    async notifyBatch(notifications: CaseNotification[]): Promise<BatchDelivery> {
      if (!Array.isArray(notifications)) throw ApplicationFailure.nonRetryable('INVALID: malformed notification batch', 'InvalidNotification');
      notifications.forEach(checkNotification);
      const ok = await Promise.all(notifications.map((n) => withinBudget(deps.notifier.send(n), FIRST_TRY_BUDGET_MS)));
      const undelivered = notifications.filter((_, i) => !ok[i]);
      for (const n of undelivered) {
        deps.logger?.warn({ caseId: n.caseId, kind: n.kind, eventId: n.eventId }, 'notification not delivered on its first try; retried');
      }
      return { delivered: notifications.filter((_, i) => ok[i]).map((n) => n.eventId), undelivered: undelivered.map((n) => n.eventId) };
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;

/** File name of the notification outbox inside the data folder. */
export const OUTBOX_FILE = 'notifications-outbox.jsonl';

/** Production dependencies: log line + JSONL outbox in the data folder. */
export function createDefaultActivityDeps(config: Pick<Config, 'dataDir'>, logger?: ActivityLogger): ActivityDeps {
  const outbox = new JsonlOutbox(path.join(config.dataDir, OUTBOX_FILE));
  return { notifier: new LogAndOutboxNotifier(outbox, logger), logger };
}

export { LogAndOutboxNotifier, type ActivityLogger } from './default-notifier';
export { MemoryOutbox, JsonlOutbox, type NotificationOutbox } from './outbox';
export { NOTIFICATION_KINDS, type CaseNotification, type NotificationKind, type Notifier } from './notifications';
