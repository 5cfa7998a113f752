/**
 * Counts the notifications this process delivered, by kind (escalations, overdue, legal clock expiries...),
 * for the API's GET /metrics. Labels are kinds only: never a case id, a country or a person.
 *
 * The counter lives in the process that runs the worker; GET /metrics shows it when the API runs in the
 * same process (`npm start`). A worker deployed alone still exports the Temporal SDK's own metrics through
 * its Prometheus exporter (see docs/monitoring.md).
 */
import { NOTIFICATION_KINDS, type CaseNotification, type NotificationKind, type Notifier } from './notifications';

class NotificationCounter {
  private readonly counts = new Map<NotificationKind, number>(NOTIFICATION_KINDS.map((k) => [k, 0]));

  add(kind: NotificationKind): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  snapshot(): Record<NotificationKind, number> {
    return Object.fromEntries(this.counts) as Record<NotificationKind, number>;
  }
}

/** Process-wide: one worker process, one count. */
export const notificationsSent = new NotificationCounter();

/** Wraps a notifier so each successful delivery is counted (failed attempts are retried, not counted). */
export function countNotifications(inner: Notifier, counter = notificationsSent): Notifier {
  return {
    async send(notification: CaseNotification): Promise<void> {
      await inner.send(notification);
      counter.add(notification.kind);
    },
  };
}
