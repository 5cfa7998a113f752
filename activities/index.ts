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

export function createActivities(deps: ActivityDeps) {
  return {
    ...createOperationActivities(deps.operations),
    /** Idempotent on `notification.eventId` (the notifier's outbox drops repeats). */
    async notify(notification: CaseNotification): Promise<void> {
      if (!notification?.eventId || !notification.caseId || !NOTIFICATION_KINDS.includes(notification.kind)) {
        // A malformed notification is a bug in the workflow; retrying would not fix it.
        throw ApplicationFailure.nonRetryable('INVALID: malformed notification', 'InvalidNotification');
      }
      await deps.notifier.send(notification);
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
