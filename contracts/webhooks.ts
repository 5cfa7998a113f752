/**
 * What a webhook receiver gets: one JSON body per case notification, signed over its raw bytes. These
 * schemas describe the notifier's body (activities/webhook-notifier.ts `webhookPayload`) for the OpenAPI
 * document's `webhooks`; the compile-time check below keeps the two from drifting, and
 * test/openapi-webhooks.test.ts parses real deliveries with them.
 */
import { z } from 'zod';
import { OUTCOMES, STAGES } from '../domain/case';
import type { WebhookPayload } from '../activities/webhook-notifier';
import type { AssertTrue, Equivalent } from './common';

/** How a receiver recognises Handover and a repeat; the notifier sends exactly these. */
export const WEBHOOK_HEADERS = {
  signature: 'X-Handover-Signature',
  eventId: 'X-Handover-Event-Id',
  kind: 'X-Handover-Event',
} as const;

/** The signature scheme, stated once for the document (`x-handover-signature`) and the guide. */
export const WEBHOOK_SIGNATURE = {
  header: WEBHOOK_HEADERS.signature,
  algorithm: 'HMAC-SHA256',
  key: 'HANDOVER_WEBHOOK_SECRET (UTF-8 bytes), shared with the receiver out of band',
  signedContent: 'the raw request body, byte for byte, before any JSON parsing',
  encoding: 'hex',
  prefix: 'sha256=',
} as const;

const base = {
  version: z.literal(1).describe('Body version; a change that removes or renames a field comes as a new version'),
  eventId: z
    .string()
    .describe('`<caseId>:<n>`: the same on every retry of one notification. Remember it and ignore a repeat (idempotent receiver)'),
  caseId: z.string().describe('Open the case with GET /api/v1/cases/{caseId}; the body never carries personal data'),
  audience: z.array(z.string()).describe('Who should act or read: `<role>:<country>`, e.g. `supervisor:KH`'),
  stage: z.enum(STAGES).describe('Stage of the case when it produced the notification'),
  clock: z.string().optional().describe('The clock behind it: a legal clock name or `sla:<stage>`'),
  outcome: z.enum(OUTCOMES).optional(),
  fraction: z.number().optional(),
  deadline: z.string().optional().describe('ISO 8601 deadline the notification is about'),
  createdAt: z.string().describe('ISO 8601 time at which the case produced it'),
};

export const ApprovalRequestedNotificationSchema = z
  .object({ ...base, kind: z.literal('approval-requested') })
  .meta({ id: 'ApprovalRequestedNotification', description: "A country's approval slot waits for its supervisor (audience `supervisor:<country>`)" });

export const ReminderNotificationSchema = z
  .object({
    ...base,
    kind: z.literal('reminder'),
    clock: z.string().describe('`sla:<stage>`'),
    fraction: z.number().describe('Share of the working SLA used, about 0.5 or 0.8'),
  })
  .meta({ id: 'ReminderNotification', description: 'A working SLA passed one of its reminder fractions; audience: whoever the case waits on' });

export const OverdueNotificationSchema = z
  .object({ ...base, kind: z.literal('overdue'), clock: z.string().describe('`sla:<stage>`'), deadline: z.string() })
  .meta({ id: 'OverdueNotification', description: 'A working SLA ran out: escalated to the supervisors of the countries that have to act' });

export const EscalationNotificationSchema = z
  .object({ ...base, kind: z.literal('escalation'), clock: z.string().describe('A legal clock, e.g. `transit-stop`'), deadline: z.string() })
  .meta({ id: 'EscalationNotification', description: 'A legal clock without a closing consequence ran out (an unscheduled transit stop); the case stays open' });

export const LegalClockExpiredNotificationSchema = z
  .object({ ...base, kind: z.literal('legal-clock-expired'), clock: z.string().describe('The legal clock that ran out'), deadline: z.string() })
  .meta({ id: 'LegalClockExpiredNotification', description: 'A legal clock ran out and the case reached its legal outcome by itself (e.g. the person is released)' });

export const OutcomeNotificationSchema = z
  .object({ ...base, kind: z.literal('outcome'), outcome: z.enum(OUTCOMES) })
  .meta({ id: 'OutcomeNotification', description: 'The case closed with this outcome; audience: the supervisors of every country of the case' });

export const WEBHOOK_NOTIFICATION_SCHEMAS = {
  'approval-requested': ApprovalRequestedNotificationSchema,
  reminder: ReminderNotificationSchema,
  overdue: OverdueNotificationSchema,
  escalation: EscalationNotificationSchema,
  'legal-clock-expired': LegalClockExpiredNotificationSchema,
  outcome: OutcomeNotificationSchema,
} as const satisfies Record<WebhookPayload['kind'], z.ZodType>;

export const WebhookNotificationSchema = z.discriminatedUnion('kind', [
  ApprovalRequestedNotificationSchema,
  ReminderNotificationSchema,
  OverdueNotificationSchema,
  EscalationNotificationSchema,
  LegalClockExpiredNotificationSchema,
  OutcomeNotificationSchema,
]);
export type WebhookNotification = z.output<typeof WebhookNotificationSchema>;

/** Every body the schemas accept is one the notifier can write, and the kinds are the same. */
export type _WebhookBodyFitsPayload = AssertTrue<[WebhookNotification] extends [WebhookPayload] ? true : false>;
export type _WebhookKindsMatch = AssertTrue<Equivalent<WebhookNotification['kind'], WebhookPayload['kind']>>;
