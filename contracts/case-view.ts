/**
 * Response schemas: the case view, the timeline and list summaries. They mirror the contract types in
 * domain/case.ts (checked at compile time below) and are enforced on every answer.
 */
import { z } from 'zod';
import {
  CASE_ACTION_SEGMENTS,
  CASE_ACTIONS,
  CUSTODY_EVENTS,
  CUSTODY_EXCEPTION_KINDS,
  CUSTODY_STATUSES,
  OUTCOMES,
  SEXES,
  STAGES,
  TRACKS,
  TRANSPORTS,
  type CaseView,
  type TimelineEvent,
} from '../domain/case';
import { CountrySchema, RoleSchema, type AssertTrue, type Equivalent } from './common';

const ViewDocumentSchema = z.object({
  type: z.enum(['passport', 'national-id', 'travel-document', 'other']),
  number: z.string(),
  issuingCountry: z.string(),
});

const ViewPersonSchema = z.object({
  fullName: z.string(),
  otherNames: z.array(z.string()),
  birthDate: z.string().optional(),
  sex: z.enum(SEXES),
  claimedNationality: z.string(),
  documents: z.array(ViewDocumentSchema),
  biometricReference: z.string().optional(),
});

const ApprovalStateSchema = z.object({
  country: CountrySchema,
  slot: z.enum(['release', 'accept', 'transit-consent']),
  status: z.enum(['pending', 'approved', 'rejected']),
  by: z.string().optional(),
  at: z.string().optional(),
  reason: z.string().optional(),
});

const ClockViewSchema = z.object({
  name: z.string(),
  kind: z.enum(['legal', 'working']),
  status: z.enum(['not-started', 'running', 'paused', 'stopped', 'expired', 'overdue']),
  startedAt: z.string().optional(),
  deadline: z.string().optional(),
  remainingMs: z.number().optional(),
  consequence: z.string(),
  legalBasis: z.string().optional(),
  extendedByDays: z.number().optional(),
  remindersSent: z.number().optional(),
});

const WaitingOnSchema = z.union([
  z.object({ kind: z.literal('person'), role: RoleSchema, country: CountrySchema, action: z.enum(CASE_ACTIONS) }),
  z.object({ kind: z.literal('timer'), clock: z.string() }),
  z.object({ kind: z.literal('activity'), activity: z.literal('notify') }).describe('A notification being retried'),
]);

const CustodyEventRecordSchema = z.object({
  event: z.enum(CUSTODY_EVENTS),
  country: CountrySchema,
  at: z.string(),
  by: z.string(),
  identityRechecked: z.boolean().optional(),
  reference: z.string().optional(),
});

const CustodyAttemptSchema = z.object({
  events: z.array(CustodyEventRecordSchema),
  exception: z.object({
    exception: z.enum(CUSTODY_EXCEPTION_KINDS),
    country: CountrySchema,
    at: z.string(),
    by: z.string(),
    note: z.string(),
    reference: z.string().optional(),
  }),
});

const DocumentChecklistSchema = z.array(z.object({ name: z.string(), received: z.boolean() }));

export const CaseViewSchema = z
  .object({
    caseId: z.string(),
    track: z.enum(TRACKS),
    stage: z.enum(STAGES),
    outcome: z.enum(OUTCOMES).optional(),
    custodialCountry: CountrySchema,
    receivingCountry: CountrySchema,
    transitCountries: z.array(CountrySchema),
    operationId: z.string().optional(),
    externalReference: z.string(),
    custodyStatus: z.enum(CUSTODY_STATUSES),
    profileId: z.string(),
    registeredAt: z.string(),
    registeredBy: z.string(),
    closedAt: z.string().optional(),
    person: ViewPersonSchema,
    arrest: z.object({ time: z.string(), place: z.string(), agency: z.string(), operation: z.string().optional() }),
    charges: z.array(z.string()),
    screening: z
      .object({
        result: z.enum(['cleared', 'victim', 'refoulement-risk']),
        vulnerable: z.boolean(),
        by: z.string(),
        at: z.string(),
      })
      .optional(),
    refoulementReview: z
      .object({
        status: z.enum(['pending', 'proceed', 'refuse']),
        by: z.string().optional(),
        reference: z.string().optional(),
      })
      .optional(),
    verification: z
      .object({
        result: z.enum(['confirmed', 'not-a-national', 'inconclusive']),
        by: z.string(),
        at: z.string(),
        reference: z.string().optional(),
        moreInformation: z.string().optional(),
        referredTo: z.string().optional(),
      })
      .optional(),
    legalReview: z
      .object({
        formalRequest: z.object({ reference: z.string(), documents: DocumentChecklistSchema, at: z.string() }).optional(),
        courtDecision: z
          .object({ decision: z.enum(['extraditable', 'not-extraditable']), reference: z.string(), at: z.string() })
          .optional(),
        executiveDecision: z.object({ decision: z.enum(['granted', 'refused']), reference: z.string(), at: z.string() }).optional(),
      })
      .optional(),
    approvals: z.array(ApprovalStateSchema),
    schedule: z
      .object({
        agreedDate: z.string(),
        handoverPoint: z.string(),
        transport: z.enum(TRANSPORTS),
        escort: z.string(),
        flight: z.string().optional(),
        version: z.number(),
      })
      .optional(),
    custodyEvents: z.array(CustodyEventRecordSchema).describe('The custody events of the current transfer attempt'),
    custodyAttempts: z.array(CustodyAttemptSchema).optional().describe('Earlier attempts that ended with a custody exception, oldest first'),
    expectedCustodyEvent: z.object({ event: z.enum(CUSTODY_EVENTS), country: CountrySchema }).optional(),
    hold: z.object({ reason: z.string(), since: z.string(), by: z.string() }).optional(),
    assignment: z
      .object({
        assignee: z.string().describe('User id (token subject) who works the waiting step'),
        by: z.string().describe('User id who assigned it'),
        at: z.string(),
      })
      .optional()
      .describe('Who works the step the case waits on; ends when that step is done'),
    clocks: z.array(ClockViewSchema),
    waitingOn: z.array(WaitingOnSchema),
    overdue: z.boolean(),
    nextDeadline: z.string().optional(),
    requestHash: z.string().optional(),
    timelineLength: z.number(),
    // A view kept by a worker of an earlier build has no list: it answers with none rather than failing.
    allowedActions: z
      .array(z.enum(CASE_ACTION_SEGMENTS))
      .default([])
      .describe('Actions you may take on this case now, as the route segments of POST /cases/{caseId}/<segment>'),
  })
  .meta({ id: 'CaseView' });

export const TimelineEventSchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string().describe('Actor id, or `system` for clocks and automatic transitions'),
  actorRole: RoleSchema.optional(),
  actorCountry: CountrySchema.optional(),
  action: z.string(),
  stage: z.enum(STAGES),
  detail: z.string().optional(),
  legalBasis: z.string().optional(),
  requestId: z.string().optional(),
});

export const TimelineResponseSchema = z
  .object({ caseId: z.string(), events: z.array(TimelineEventSchema) })
  .meta({ id: 'CaseTimeline' });

/** One row of GET /cases, built from search attributes only (no personal data, no per-case query). */
export const CaseSummarySchema = z.object({
  caseId: z.string(),
  track: z.enum(TRACKS),
  stage: z.enum(STAGES),
  outcome: z.enum(OUTCOMES).optional(),
  custodialCountry: CountrySchema,
  receivingCountry: CountrySchema,
  transitCountries: z.array(CountrySchema),
  operationId: z.string().optional(),
  waitingOn: z.array(z.string()).describe('e.g. `supervisor:TH`, `timer:take-over`, `activity:notify` (a notification being retried)'),
  nextDeadline: z.string().optional(),
  nextLegalDeadline: z.string().optional(),
  overdue: z.boolean(),
  registeredAt: z.string(),
  closedAt: z.string().optional(),
  assignee: z.string().optional().describe('User id (token subject) who works the waiting step, if someone claimed it'),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseListResponseSchema = z
  .object({
    cases: z.array(CaseSummarySchema),
    nextPageToken: z.string().optional().describe('Pass as `pageToken` for the next page; absent on the last page'),
  })
  .meta({ id: 'CaseList' });

export type _CaseViewMatchesContract = AssertTrue<Equivalent<z.output<typeof CaseViewSchema>, CaseView>>;
export type _TimelineEventMatchesContract = AssertTrue<Equivalent<z.output<typeof TimelineEventSchema>, TimelineEvent>>;
