/** Monitoring answers: the inbox, the overdue list and the summary, all built from search attributes. */
import { z } from 'zod';
import { CASE_ACTIONS, OUTCOMES, STAGES } from '../domain/case';
import { COUNTRIES } from '../domain/people';
import { CaseSummarySchema } from './case-view';
import { CountrySchema, IsoDateTimeSchema } from './common';
import { AssignedFilterSchema } from './list';

export const MAX_MONITOR_ITEMS = 500;

const limit = (fallback: number) =>
  z.coerce.number().int().min(1).max(MAX_MONITOR_ITEMS).default(fallback).describe(`How many cases at most (1-${MAX_MONITOR_ITEMS})`);

export const InboxQuerySchema = z.strictObject({
  limit: limit(100),
  assigned: AssignedFilterSchema.optional().describe('`me`: only what you claimed; `unassigned`: only what nobody claimed'),
});

export const InboxItemSchema = CaseSummarySchema.extend({
  action: z
    .enum(CASE_ACTIONS)
    .optional()
    .describe("The action the case's stage expects from your role; the case view is authoritative (e.g. during a legal hold)"),
});

export const InboxResponseSchema = z
  .object({
    waitingOn: z.string().describe('The keyword your inbox matches in HandoverWaitingOn, e.g. `supervisor:TH`'),
    items: z.array(InboxItemSchema).describe('Overdue first, then the nearest deadline'),
    truncated: z.boolean().describe('More cases wait on you than `limit`'),
  })
  .meta({ id: 'Inbox' });

export const OverdueQuerySchema = z.strictObject({
  horizonDays: z.coerce
    .number()
    .positive()
    .max(365)
    .optional()
    .describe('Clock days ahead in which a legal deadline puts a case on the list (default from HANDOVER_MONITOR_HORIZON_DAYS)'),
  limit: limit(100),
});

export const RetryingActivitySchema = z.object({
  activity: z.string().describe('Activity type, e.g. `notify`'),
  attempt: z.number().int().optional().describe('Absent when only visibility answered (the describe failed)'),
  nextAttemptAt: z.string().optional(),
});

export const OverdueCaseSchema = CaseSummarySchema.extend({
  reasons: z.array(z.enum(['overdue', 'legal-deadline'])).describe('Past a working SLA, and/or a legal deadline within the horizon'),
  retryingActivities: z.array(RetryingActivitySchema).describe('Activities of the case that failed and are being retried'),
});

export const OverdueResponseSchema = z
  .object({
    horizonDays: z.number(),
    horizonUntil: z.string().describe('Legal deadlines up to this time are listed'),
    cases: z.array(OverdueCaseSchema).describe('Overdue first, then the nearest deadline'),
    truncated: z.boolean(),
  })
  .meta({ id: 'OverdueCases' });

export const SummaryQuerySchema = z.strictObject({
  closedSince: IsoDateTimeSchema.optional().describe('Start of the outcome period (default: 30 days ago)'),
  closedBefore: IsoDateTimeSchema.optional().describe('End of the outcome period (default: now)'),
});

const countsByCountry = z.object(Object.fromEntries(COUNTRIES.map((c) => [c, z.number().int()])) as Record<(typeof COUNTRIES)[number], z.ZodNumber>);

export const StageCountSchema = z.object({
  stage: z.enum(STAGES),
  total: z.number().int(),
  overdue: z.number().int(),
  byCountry: countsByCountry.describe('Open cases at this stage that involve each country (custodial, receiving or transit)'),
});

export const SummaryResponseSchema = z
  .object({
    country: CountrySchema.describe('Every count is limited to cases that involve this country (yours)'),
    countries: z.array(CountrySchema),
    open: z.number().int(),
    overdue: z.number().int(),
    byStage: z.array(StageCountSchema).describe('Open cases'),
    closedSince: z.string(),
    closedBefore: z.string(),
    outcomes: z.array(z.object({ outcome: z.enum(OUTCOMES), count: z.number().int() })).describe('Cases closed in the period'),
    legalClockReleases: z
      .object({
        'released-custody-expired': z.number().int(),
        'deemed-abandoned': z.number().int(),
        total: z.number().int(),
      })
      .describe('Closed in the period because a legal clock ran out'),
    generatedAt: z.string(),
  })
  .meta({ id: 'MonitorSummary' });

export type InboxItem = z.infer<typeof InboxItemSchema>;
export type InboxResponse = z.infer<typeof InboxResponseSchema>;
export type OverdueCase = z.infer<typeof OverdueCaseSchema>;
export type OverdueResponse = z.infer<typeof OverdueResponseSchema>;
export type SummaryResponse = z.infer<typeof SummaryResponseSchema>;
export type StageCount = z.infer<typeof StageCountSchema>;
