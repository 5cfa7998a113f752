/**
 * The notify activity and its default sink, without a server: idempotent on the event id, one log
 * line without personal data, and a JSONL outbox that survives a restart of the process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createActivities,
  createDefaultActivityDeps,
  JsonlOutbox,
  LogAndOutboxNotifier,
  MemoryOutbox,
  type CaseNotification,
} from '../activities';

function notification(n: number, over: Partial<CaseNotification> = {}): CaseNotification {
  return {
    eventId: `case-KH-2026-ABC123:${n}`,
    caseId: 'case-KH-2026-ABC123',
    kind: 'overdue',
    audience: ['supervisor:KH'],
    stage: 'screening',
    clock: 'sla:screening',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

function recordingLogger() {
  const lines: { obj: object; msg?: string }[] = [];
  return {
    lines,
    info: (obj: object, msg?: string) => lines.push({ obj, msg }),
    warn: (obj: object, msg?: string) => lines.push({ obj, msg }),
  };
}

describe('notify activity', () => {
  it('adds a notification once, however often it is retried', async () => {
    const outbox = new MemoryOutbox();
    const logger = recordingLogger();
    const { notify } = createActivities({ notifier: new LogAndOutboxNotifier(outbox, logger) });
    const env = new MockActivityEnvironment();
    await env.run(notify, notification(1));
    await env.run(notify, notification(1));
    await env.run(notify, notification(2, { kind: 'outcome', outcome: 'handed-over' }));
    expect((await outbox.list()).map((n) => n.eventId)).toEqual(['case-KH-2026-ABC123:1', 'case-KH-2026-ABC123:2']);
    expect(outbox.forCase('case-KH-2026-ABC123')).toHaveLength(2);
    // One line per attempt; the repeat says so.
    expect(logger.lines.map((l) => (l.obj as { duplicate: boolean }).duplicate)).toEqual([false, true, false]);
  });

  it('logs only the case id, kind, audience and event id', async () => {
    const logger = recordingLogger();
    const notifier = new LogAndOutboxNotifier(new MemoryOutbox(), logger);
    await notifier.send(notification(1));
    expect(logger.lines).toHaveLength(1);
    expect(Object.keys(logger.lines[0]?.obj ?? {}).sort()).toEqual(['audience', 'caseId', 'duplicate', 'eventId', 'kind']);
  });

  it('refuses a malformed notification without retries', async () => {
    const { notify } = createActivities({ notifier: new LogAndOutboxNotifier(new MemoryOutbox()) });
    const err = await new MockActivityEnvironment().run(notify, notification(1, { kind: 'gossip' as never })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
  });
});

describe('JSONL outbox', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-outbox-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps one line per event id, also across instances (a restarted worker)', async () => {
    const file = path.join(dir, 'nested', 'outbox.jsonl');
    const first = new JsonlOutbox(file);
    // Concurrent appends of the same id: exactly one wins.
    const added = await Promise.all([first.append(notification(1)), first.append(notification(1)), first.append(notification(2))]);
    expect(added.filter(Boolean)).toHaveLength(2);

    const second = new JsonlOutbox(file);
    expect(await second.append(notification(2))).toBe(false);
    expect(await second.append(notification(3))).toBe(true);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as CaseNotification).eventId)).toEqual([
      'case-KH-2026-ABC123:1',
      'case-KH-2026-ABC123:2',
      'case-KH-2026-ABC123:3',
    ]);
  });

  it('is what the default dependencies write to, in the data folder', async () => {
    const deps = createDefaultActivityDeps({ dataDir: dir });
    await createActivities(deps).notify(notification(7));
    const text = fs.readFileSync(path.join(dir, 'notifications-outbox.jsonl'), 'utf8');
    expect(text).toContain('case-KH-2026-ABC123:7');
  });
});
