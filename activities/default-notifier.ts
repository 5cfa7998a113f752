import type { CaseNotification, Notifier } from './notifications';
import type { NotificationOutbox } from './outbox';

/** The few logger methods activities use; a pino logger fits. */
export interface ActivityLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * The default notifier: one log line and one outbox entry per notification. The log line carries the
 * case id, kind and audience only, never personal data (a notification holds none anyway).
 */
export class LogAndOutboxNotifier implements Notifier {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly logger?: ActivityLogger,
  ) {}

  async send(notification: CaseNotification): Promise<void> {
    const added = await this.outbox.append(notification);
    this.logger?.info(
      {
        caseId: notification.caseId,
        kind: notification.kind,
        audience: notification.audience,
        eventId: notification.eventId,
        duplicate: !added,
      },
      'case notification',
    );
  }
}
