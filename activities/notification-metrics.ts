/**
 * Counts the notifications a worker delivered, by kind (escalations, overdue, legal clock expiries...),
 * as handover_notifications_sent_total on the worker's own /metrics (worker/metrics.ts). Labels are kinds
 * only: never a case id, a country or a person.
 */
import { Counter, type Registry } from 'prom-client';
import { NOTIFICATION_KINDS, type CaseNotification, type Notifier } from './notifications';

export type NotificationCounter = Counter<'kind'>;

/** The counter in `registry`, with a zero series for every kind so a rate starts from the first scrape. */
export function notificationCounter(registry: Registry): NotificationCounter {
  const counter = new Counter({
    name: 'handover_notifications_sent_total',
    help: 'Notifications delivered by this worker, by kind (approval-requested, reminder, overdue, escalation, legal-clock-expired, outcome)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  for (const kind of NOTIFICATION_KINDS) counter.inc({ kind }, 0);
  return counter;
}

/** Wraps a notifier so each successful delivery is counted (failed attempts are retried, not counted). */
export function countNotifications(inner: Notifier, counter: NotificationCounter): Notifier {
  return {
    async send(notification: CaseNotification): Promise<void> {
      await inner.send(notification);
      counter.inc({ kind: notification.kind });
    },
  };
}
