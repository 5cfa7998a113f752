/**
 * Where sent notifications are kept. Both outboxes are idempotent on `eventId`: an activity retried
 * after a crash appends nothing the second time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CaseNotification } from './notifications';

export interface NotificationOutbox {
  /** Adds the notification unless its eventId is already there; true when it was added. */
  append(notification: CaseNotification): Promise<boolean>;
  list(): Promise<CaseNotification[]>;
}

export class MemoryOutbox implements NotificationOutbox {
  private readonly byId = new Map<string, CaseNotification>();

  async append(notification: CaseNotification): Promise<boolean> {
    if (this.byId.has(notification.eventId)) return false;
    this.byId.set(notification.eventId, notification);
    return true;
  }

  async list(): Promise<CaseNotification[]> {
    return [...this.byId.values()];
  }

  /** Notifications of one case, in the order they were added. */
  forCase(caseId: string): CaseNotification[] {
    return [...this.byId.values()].filter((n) => n.caseId === caseId);
  }
}

/**
 * One JSON line per notification. The ids already in the file are read once, on first use; appends are
 * serialised so two concurrent activities cannot both add the same id.
 */
export class JsonlOutbox implements NotificationOutbox {
  private ids: Set<string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly filePath: string) {}

  append(notification: CaseNotification): Promise<boolean> {
    const next = this.queue.then(() => this.appendNow(notification));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async list(): Promise<CaseNotification[]> {
    await this.queue;
    return this.readAll();
  }

  private async appendNow(notification: CaseNotification): Promise<boolean> {
    this.ids ??= new Set((await this.readAll()).map((n) => n.eventId));
    if (this.ids.has(notification.eventId)) return false;
    await fs.promises.mkdir(path.dirname(this.filePath), { recursive: true });
    await fs.promises.appendFile(this.filePath, `${JSON.stringify(notification)}\n`, 'utf8');
    this.ids.add(notification.eventId);
    return true;
  }

  private async readAll(): Promise<CaseNotification[]> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CaseNotification);
  }
}
