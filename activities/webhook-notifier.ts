/**
 * The real notification sink: every case notification is POSTed as JSON to a configured URL, signed
 * with an HMAC of the raw body so the receiver can tell Handover from anyone else.
 *
 * Delivery is at least once: a non-2xx answer, a timeout or a network error throws, and Temporal retries
 * the `notify` activity with its backoff (1 s doubling to 1 min, for at most 10 minutes; see the
 * workflow's activity options). The receiver makes it exactly once by remembering `X-Handover-Event-Id`,
 * which is the notification's deterministic event id and the same on every retry.
 *
 * Only fields without personal data are sent (case id, kind, audience, stage, clock, deadline...). The
 * body is built field by field, so a field added to CaseNotification later is not sent by accident.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/env';
import type { CaseNotification, Notifier } from './notifications';

export const SIGNATURE_HEADER = 'x-handover-signature';
export const EVENT_ID_HEADER = 'x-handover-event-id';
export const EVENT_KIND_HEADER = 'x-handover-event';
/** Below the notify activity's 10 s start-to-close timeout, so a slow receiver fails as a timeout here. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;
export const MIN_WEBHOOK_SECRET_LENGTH = 32;

/** What a receiver gets: the notification minus nothing personal (it holds none) plus a version. */
export interface WebhookPayload {
  version: 1;
  eventId: string;
  caseId: string;
  kind: CaseNotification['kind'];
  audience: string[];
  stage: CaseNotification['stage'];
  clock?: string;
  outcome?: CaseNotification['outcome'];
  fraction?: number;
  deadline?: string;
  createdAt: string;
}

export function webhookPayload(n: CaseNotification): WebhookPayload {
  return {
    version: 1,
    eventId: n.eventId,
    caseId: n.caseId,
    kind: n.kind,
    audience: [...n.audience],
    stage: n.stage,
    ...(n.clock !== undefined ? { clock: n.clock } : {}),
    ...(n.outcome !== undefined ? { outcome: n.outcome } : {}),
    ...(n.fraction !== undefined ? { fraction: n.fraction } : {}),
    ...(n.deadline !== undefined ? { deadline: n.deadline } : {}),
    createdAt: n.createdAt,
  };
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the value of X-Handover-Signature. */
export function signWebhookBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** For receivers (and the tests): constant-time check of X-Handover-Signature against the raw body. */
export function verifyWebhookSignature(rawBody: string | Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(rawBody, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Why a delivery failed. The message names the status or error code, never the URL (it may hold a token). */
export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

export interface WebhookNotifierOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export class WebhookNotifier implements Notifier {
  private readonly url: URL;
  private readonly timeoutMs: number;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') {
      throw new Error('The webhook URL must be http or https');
    }
    if (options.secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
      throw new Error(`The webhook secret must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long`);
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  }

  async send(notification: CaseNotification): Promise<void> {
    const body = JSON.stringify(webhookPayload(notification));
    const started = Date.now();
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'handover-webhook/1',
          [SIGNATURE_HEADER]: signWebhookBody(body, this.options.secret),
          [EVENT_ID_HEADER]: notification.eventId,
          [EVENT_KIND_HEADER]: notification.kind,
        },
        body,
        // A redirect would resend the signed body somewhere else; the receiver's URL is configured exactly.
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = describeFetchError(err, this.timeoutMs);
      this.options.logger?.warn({ caseId: notification.caseId, eventId: notification.eventId, reason }, 'webhook delivery failed');
      throw new WebhookDeliveryError(`Webhook delivery failed: ${reason}`);
    }
    // The answer's body is not needed; reading it frees the connection for the next delivery.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) {
      this.options.logger?.warn(
        { caseId: notification.caseId, eventId: notification.eventId, status: response.status },
        'webhook receiver refused the notification',
      );
      throw new WebhookDeliveryError(`Webhook receiver answered HTTP ${response.status}`, response.status);
    }
    this.options.logger?.info(
      { caseId: notification.caseId, eventId: notification.eventId, kind: notification.kind, ms: Date.now() - started },
      'webhook delivered',
    );
  }
}

/** Names what went wrong without the URL. Duck-typed: the abort error is a DOMException, not always an Error. */
function describeFetchError(err: unknown, timeoutMs: number): string {
  const { name, cause } = (err ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (cause && typeof cause.code === 'string') return cause.code;
  return typeof name === 'string' ? name : 'unknown error';
}

export interface WebhookConfig {
  HANDOVER_WEBHOOK_URL?: string;
  HANDOVER_WEBHOOK_SECRET?: string;
  HANDOVER_WEBHOOK_TIMEOUT_MS: number;
}

/** The webhook notifier when HANDOVER_WEBHOOK_URL is set, otherwise undefined (keep the default notifier). */
export function webhookNotifierFromConfig(config: WebhookConfig, logger?: WebhookNotifierOptions['logger']): WebhookNotifier | undefined {
  if (!config.HANDOVER_WEBHOOK_URL) return undefined;
  if (!config.HANDOVER_WEBHOOK_SECRET) {
    throw new ConfigError('HANDOVER_WEBHOOK_SECRET', 'set (at least 32 characters) when HANDOVER_WEBHOOK_URL is set');
  }
  return new WebhookNotifier({
    url: config.HANDOVER_WEBHOOK_URL,
    secret: config.HANDOVER_WEBHOOK_SECRET,
    timeoutMs: config.HANDOVER_WEBHOOK_TIMEOUT_MS,
    logger,
  });
}
