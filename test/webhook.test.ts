/**
 * The webhook sink against a real HTTP receiver (node:http on 127.0.0.1, a free port), with the real
 * worker and the real case workflow: each notification reaches the receiver once with a valid
 * signature, also when the receiver failed the first attempt and Temporal retried the activity.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../config/env';
import {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  WebhookNotifier,
  signWebhookBody,
  verifyWebhookSignature,
  webhookNotifierFromConfig,
} from '../activities/webhook-notifier';
import type { CaseNotification } from '../activities/notifications';
import { CaseWalker } from '../scripts/demo-seed';
import { tokenFor } from './helpers/api';
import { eventually, injectApi, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

const SECRET = 'webhook-test-secret-0123456789abcdefghijklmnop';

interface Delivery {
  eventId: string;
  signature: string | undefined;
  rawBody: string;
  answered: number;
}

/** A receiver that refuses the first attempt of every event with 500 and remembers what it accepted. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  readonly accepted = new Map<string, Record<string, unknown>>();
  private readonly server: http.Server;
  failFirstAttempt = true;
  /** Answer nothing at all (to exercise the sender's timeout). */
  hang = false;

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.hang) return;
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const eventId = String(req.headers[EVENT_ID_HEADER] ?? '');
        const signature = req.headers[SIGNATURE_HEADER] as string | undefined;
        const seenBefore = this.deliveries.some((d) => d.eventId === eventId);
        let answered: number;
        if (!verifyWebhookSignature(rawBody, signature, SECRET)) answered = 401;
        else if (this.failFirstAttempt && !seenBefore) answered = 500;
        else {
          // Idempotent on the event id, as the receiver's contract asks.
          if (!this.accepted.has(eventId)) this.accepted.set(eventId, JSON.parse(rawBody) as Record<string, unknown>);
          answered = 204;
        }
        this.deliveries.push({ eventId, signature, rawBody, answered });
        res.writeHead(answered).end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/handover?token=t0`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  attemptsOf(eventId: string): Delivery[] {
    return this.deliveries.filter((d) => d.eventId === eventId);
  }
}

function notification(overrides: Partial<CaseNotification> = {}): CaseNotification {
  return {
    eventId: `case-KH-2026-ABCDEFGHIJ:${Date.now()}`,
    caseId: 'case-KH-2026-ABCDEFGHIJ',
    kind: 'overdue',
    audience: ['supervisor:KH'],
    stage: 'screening',
    clock: 'sla:screening',
    deadline: '2026-03-01T00:00:00.000Z',
    createdAt: '2026-03-01T00:00:01.000Z',
    ...overrides,
  };
}

describe('webhook notifications through the real worker', () => {
  let receiver: Receiver;
  let iso: IsolatedApi;

  beforeAll(async () => {
    receiver = new Receiver();
    const url = await receiver.listen();
    iso = await startIsolatedApi({ prefix: 'handover-webhook', activityDeps: { notifier: new WebhookNotifier({ url, secret: SECRET, timeoutMs: 2_000 }) } });
  });

  afterAll(async () => {
    await iso?.stop();
    await receiver?.close();
  });

  it('delivers approval requests and an outcome once each, signed, after a failed first attempt', async () => {
    const app = await iso.app();
    const walk = new CaseWalker(injectApi(app), (role, country) => tokenFor(role, country));
    const inApprovals = await walk.toApprovals({ custodial: 'KH', receiving: 'CN', externalReference: `HOOK-A-${Date.now()}` });
    const victim = await walk.register({ custodial: 'KH', receiving: 'CN', externalReference: `HOOK-B-${Date.now()}` });
    await walk.screen(victim.caseId, 'KH', 'victim');

    const expected = (list: Record<string, unknown>[]) =>
      list.filter((n) => n.caseId === inApprovals && n.kind === 'approval-requested').length === 2 &&
      list.some((n) => n.caseId === victim.caseId && n.kind === 'outcome');
    await eventually(async () => expected([...receiver.accepted.values()]), 'two approval requests and one outcome', 30_000);
    // Long enough for a wrongly repeated delivery (retries start 1 s apart) to show up.
    await new Promise((r) => setTimeout(r, 2_500));

    const accepted = [...receiver.accepted.entries()];
    expect(accepted).toHaveLength(3);
    for (const [eventId, payload] of accepted) {
      const attempts = receiver.attemptsOf(eventId);
      // First attempt refused with 500, retried by Temporal, accepted once, never sent again.
      expect(attempts.map((a) => a.answered)).toEqual([500, 204]);
      expect(attempts[1].rawBody).toBe(attempts[0].rawBody);
      expect(attempts[1].signature).toBe(signWebhookBody(attempts[1].rawBody, SECRET));
      expect(payload.eventId).toBe(eventId);
      // Only fields without personal data.
      expect(Object.keys(payload).every((k) => ['version', 'eventId', 'caseId', 'kind', 'audience', 'stage', 'clock', 'outcome', 'fraction', 'deadline', 'createdAt'].includes(k))).toBe(true);
    }
    expect(receiver.deliveries.every((d) => d.answered !== 401)).toBe(true);
    expect(receiver.deliveries.map((d) => d.rawBody).join('\n')).not.toMatch(/Demo Person|fullName|passport/);

    const approvalAudiences = accepted
      .map(([, p]) => p)
      .filter((p) => p.kind === 'approval-requested')
      .flatMap((p) => p.audience as string[])
      .sort();
    expect(approvalAudiences).toEqual(['supervisor:CN', 'supervisor:KH']);
    expect(accepted.map(([, p]) => p).find((p) => p.kind === 'outcome')).toMatchObject({ caseId: victim.caseId, stage: 'closed', outcome: 'referred-as-victim' });
  });
});

describe('WebhookNotifier on its own', () => {
  let receiver: Receiver;
  let url: string;

  beforeEach(async () => {
    receiver = new Receiver();
    url = await receiver.listen();
  });

  afterEach(async () => {
    await receiver.close();
  });

  it('throws on a non-2xx answer without naming the URL (it may carry a token)', async () => {
    const notifier = new WebhookNotifier({ url, secret: SECRET });
    const error = await notifier.send(notification()).catch((err: unknown) => err as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toBe('Webhook receiver answered HTTP 500');
    expect(error?.message).not.toMatch(/127\.0\.0\.1|token/);
    await expect(notifier.send(notification({ eventId: receiver.deliveries[0].eventId }))).resolves.toBeUndefined();
  });

  it('throws when the receiver does not answer in time, and when nobody listens', async () => {
    receiver.hang = true;
    await expect(new WebhookNotifier({ url, secret: SECRET, timeoutMs: 300 }).send(notification())).rejects.toThrow('Webhook delivery failed: no answer within 300 ms');
    await receiver.close();
    await expect(new WebhookNotifier({ url, secret: SECRET }).send(notification())).rejects.toThrow(/Webhook delivery failed: ECONNREFUSED/);
    receiver = new Receiver();
    await receiver.listen();
  });

  it('refuses a signature made with another secret or over another body', () => {
    const body = JSON.stringify({ a: 1 });
    expect(verifyWebhookSignature(body, signWebhookBody(body, SECRET), SECRET)).toBe(true);
    expect(verifyWebhookSignature(body, signWebhookBody(body, `${SECRET}x`), SECRET)).toBe(false);
    expect(verifyWebhookSignature(`${body} `, signWebhookBody(body, SECRET), SECRET)).toBe(false);
    expect(verifyWebhookSignature(body, undefined, SECRET)).toBe(false);
  });

  it('is chosen by configuration, and a URL without a secret stops the start', () => {
    expect(webhookNotifierFromConfig({ HANDOVER_WEBHOOK_TIMEOUT_MS: 5000 })).toBeUndefined();
    expect(webhookNotifierFromConfig({ HANDOVER_WEBHOOK_URL: url, HANDOVER_WEBHOOK_SECRET: SECRET, HANDOVER_WEBHOOK_TIMEOUT_MS: 5000 })).toBeInstanceOf(WebhookNotifier);
    expect(() => webhookNotifierFromConfig({ HANDOVER_WEBHOOK_URL: url, HANDOVER_WEBHOOK_TIMEOUT_MS: 5000 })).toThrow(ConfigError);
    expect(() => new WebhookNotifier({ url, secret: 'short' })).toThrow(/at least 32/);
    expect(() => new WebhookNotifier({ url: 'ftp://example.org/x', secret: SECRET })).toThrow(/http or https/);
  });
});
