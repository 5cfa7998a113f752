/**
 * Operations: request bodies (strict: the actor, status, manifest statuses and flight ids of a plan
 * belong to the server) and response schemas, checked against the contract in domain/operation.ts.
 */
import { z } from 'zod';
import { CUSTODY_EVENTS, OUTCOMES, STAGES, TRANSPORTS } from '../domain/case';
import {
  CUSTODY_EXCEPTIONS,
  MANIFEST_STATUSES,
  MAX_CAPACITY,
  MAX_DEPARTURES,
  MAX_MANIFEST,
  MAX_MANIFEST_PAGE,
  OPERATION_ID_PATTERN,
  OPERATION_STATUSES,
  type ChangeManifest,
  type FlightCustodyEvent,
  type FlightEventResult,
  type ManifestChangeResult,
  type OperationView,
  type PlanFlights,
  type PlanResult,
} from '../domain/operation';
import { CaseIdSchema, CountrySchema, IsoDateTimeSchema, PastDateTimeSchema, RequestIdSchema, text, type AssertTrue, type Equivalent } from './common';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageTokenSchema } from './list';

export const OperationIdSchema = z
  .string()
  .regex(OPERATION_ID_PATTERN, 'must be an operation id such as operation-MM-20250220-ABCDEFGH')
  .describe('Operation id: operation-<custodial>-<yyyymmdd>-<short>');
export const OperationParamsSchema = z.object({ operationId: OperationIdSchema });

const FlightIdSchema = z.string().regex(/^F\d{2,4}$/, 'must be a flight or convoy id such as F01');

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export const OperationCreateBodySchema = z
  .strictObject({
    requestId: RequestIdSchema.describe('Client-chosen; repeating it with the same body answers the same operation'),
    name: text(200).describe('A working name, e.g. "Mae Sot airlift, round 2"; never a person'),
    custodialCountry: CountrySchema.describe("Must be the caller's country"),
    receivingCountry: CountrySchema,
    transitCountries: z.array(CountrySchema).max(4).default([]).describe('In the order they are crossed'),
    handoverPoint: text(200).describe('Border checkpoint or airport'),
    transport: z.enum(TRANSPORTS),
    escort: text(200),
    window: z.strictObject({ start: IsoDateTimeSchema, end: IsoDateTimeSchema }).describe('Planned window of the transfer'),
    capacity: z.number().int().min(1).max(MAX_CAPACITY).describe('People per flight or convoy (Feb 2025: 50)'),
  })
  .superRefine((body, ctx) => {
    if (body.receivingCountry === body.custodialCountry) {
      ctx.addIssue({ code: 'custom', path: ['receivingCountry'], message: 'must differ from custodialCountry' });
    }
    body.transitCountries.forEach((country, i) => {
      if (country === body.custodialCountry || country === body.receivingCountry || body.transitCountries.indexOf(country) !== i) {
        ctx.addIssue({ code: 'custom', path: ['transitCountries', i], message: 'must be listed once and differ from custodial and receiving' });
      }
    });
    if (Date.parse(body.window.end) < Date.parse(body.window.start)) {
      ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: 'must not be before window.start' });
    }
  })
  .meta({ id: 'OperationCreate' });
export type OperationCreateBody = z.output<typeof OperationCreateBodySchema>;

export const ManifestChangeBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    action: z.enum(['add', 'remove']),
    caseIds: z.array(CaseIdSchema).min(1).max(MAX_MANIFEST),
    reason: text(500)
      .optional()
      .describe(
        "Why the cases join or leave, written on each case's timeline (no personal data). Optional so that clients written before it " +
          'keep working; the workbench asks for it when people are removed',
      ),
  })
  .meta({ id: 'ManifestChange' });

export const PlanFlightsBodySchema = z
  .strictObject({
    requestId: RequestIdSchema.describe('Also the plan id'),
    cutOff: IsoDateTimeSchema.describe('Cases not ready (approved by every country) at this time are left out, with the reason'),
    departures: z.array(IsoDateTimeSchema).min(1).max(MAX_DEPARTURES).describe('One departure per flight or convoy; each is the agreed date of the cases on it'),
    capacity: z.number().int().min(1).max(MAX_CAPACITY).optional().describe("Seats per flight or convoy; default: the operation's capacity"),
  })
  .meta({ id: 'PlanFlights' });

export const FlightEventBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    flightId: FlightIdSchema,
    event: z.enum(CUSTODY_EVENTS),
    country: CountrySchema.describe("Where it happens; must be the caller's country"),
    identityRechecked: z.boolean().optional().describe('Required true on received-by-receiving'),
    at: PastDateTimeSchema.optional(),
    reference: text(128).optional(),
    exceptions: z
      .array(z.strictObject({ caseId: CaseIdSchema, exception: z.enum(CUSTODY_EXCEPTIONS), note: text(500).optional() }))
      .max(MAX_CAPACITY)
      .optional()
      .describe('did-not-board (with released-by-custodial) or identity-mismatch (with received-by-receiving)'),
  })
  .meta({ id: 'FlightCustodyEvent' });

const booleanFlag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const OperationViewQuerySchema = z.strictObject({
  refresh: booleanFlag.describe('Re-read every open case of the manifest before answering'),
  offset: z.coerce.number().int().min(0).max(MAX_MANIFEST).optional(),
  limit: z.coerce.number().int().min(0).max(MAX_MANIFEST_PAGE).optional(),
  status: z.enum(MANIFEST_STATUSES).optional(),
  flightId: FlightIdSchema.optional(),
  waitingOn: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Cases waiting on this: a `role:country` (e.g. `supervisor:TH`) or a blockedOn text as the view writes it'),
});

type BodyOf<T> = Omit<T, 'actor'>;
export type _ManifestChangeBody = AssertTrue<Equivalent<z.output<typeof ManifestChangeBodySchema>, BodyOf<ChangeManifest>>>;
export type _PlanFlightsBody = AssertTrue<Equivalent<z.output<typeof PlanFlightsBodySchema>, BodyOf<PlanFlights>>>;
export type _FlightEventBody = AssertTrue<Equivalent<z.output<typeof FlightEventBodySchema>, BodyOf<FlightCustodyEvent>>>;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

const FlightEventRecordSchema = z.object({
  event: z.enum(CUSTODY_EVENTS),
  country: CountrySchema,
  at: z.string(),
  by: z.string(),
  requestId: z.string(),
  recorded: z.number(),
  exceptions: z.number(),
  refused: z.number(),
});

const ManifestEntrySchema = z.object({
  caseId: z.string(),
  status: z.enum(MANIFEST_STATUSES),
  stage: z.enum(STAGES).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  blockedOn: z.string().optional(),
  flightId: z.string().optional(),
  exception: z.enum(CUSTODY_EXCEPTIONS).optional(),
  leftOut: z.string().optional(),
});

export const OperationViewSchema = z
  .object({
    operationId: z.string(),
    status: z.enum(OPERATION_STATUSES),
    details: z.object({
      name: z.string(),
      custodialCountry: CountrySchema,
      receivingCountry: CountrySchema,
      transitCountries: z.array(CountrySchema),
      handoverPoint: z.string(),
      transport: z.enum(TRANSPORTS),
      escort: z.string(),
      window: z.object({ start: z.string(), end: z.string() }),
      capacity: z.number(),
    }),
    createdBy: z.string(),
    createdAt: z.string(),
    completedAt: z.string().optional(),
    readiness: z.object({
      asOf: z.string().optional().describe('When the open cases were last read'),
      blocked: z.number(),
      ready: z.number().describe('Approved by every country, no seat yet'),
      scheduled: z.number(),
      inTransfer: z.number(),
      closed: z.number(),
      unknown: z.number(),
      blockedOn: z.array(z.object({ reason: z.string(), count: z.number() })),
    }),
    rollUp: z
      .object({
        total: z.number(),
        handedOver: z.number(),
        referredAsVictim: z.number(),
        referredToEmbassy: z.number(),
        released: z.number(),
        refused: z.number(),
        withdrawn: z.number(),
        pending: z.number(),
      })
      .describe('Outcomes of the manifest; the counts add up to total'),
    plans: z.array(
      z.object({
        planId: z.string(),
        status: z.enum(['awaiting-cut-off', 'done']),
        cutOff: z.string(),
        requestedBy: z.string(),
        flightIds: z.array(z.string()),
        scheduled: z.number(),
        leftOut: z.number(),
      }),
    ),
    flights: z.array(
      z.object({
        flightId: z.string(),
        planId: z.string(),
        departure: z.string(),
        capacity: z.number(),
        seats: z.number(),
        events: z.array(FlightEventRecordSchema),
      }),
    ),
    manifest: z.object({ total: z.number(), offset: z.number(), limit: z.number(), entries: z.array(ManifestEntrySchema) }),
    runs: z.number(),
  })
  .meta({ id: 'OperationView' });

export const ManifestChangeResultSchema = z
  .object({
    requestId: z.string(),
    action: z.enum(['add', 'remove']),
    results: z.array(
      z.object({
        caseId: z.string(),
        result: z.enum(['added', 'already-in-manifest', 'removed', 'not-in-manifest', 'refused', 'not-found']),
        reason: z.string().optional(),
      }),
    ),
    manifestSize: z.number(),
  })
  .meta({ id: 'ManifestChangeResult' });

export const PlanResultSchema = z
  .object({
    planId: z.string(),
    status: z.enum(['awaiting-cut-off', 'done']),
    cutOff: z.string(),
    flights: z.array(z.object({ flightId: z.string(), departure: z.string(), seats: z.number() })),
    scheduled: z.number(),
    leftOut: z.array(z.object({ reason: z.string(), caseIds: z.array(z.string()) })),
  })
  .meta({ id: 'PlanResult' });

export const FlightEventResultSchema = z
  .object({
    requestId: z.string(),
    flightId: z.string(),
    event: z.enum(CUSTODY_EVENTS),
    recorded: z.number(),
    exceptions: z.number(),
    refused: z.number(),
    results: z.array(
      z.object({
        caseId: z.string(),
        result: z.enum(['recorded', 'exception', 'refused']),
        reason: z.string().optional(),
        outcome: z.enum(OUTCOMES).optional(),
        caseRecorded: z.boolean().optional().describe("For an exception: whether the person's case recorded it (recordCustodyException)"),
        caseRefusal: z.string().optional().describe('For an exception the case did not record: why'),
      }),
    ),
  })
  .meta({ id: 'FlightEventResult' });

export type _OperationViewMatchesContract = AssertTrue<Equivalent<z.output<typeof OperationViewSchema>, OperationView>>;
export type _ManifestChangeResultMatches = AssertTrue<Equivalent<z.output<typeof ManifestChangeResultSchema>, ManifestChangeResult>>;
export type _PlanResultMatches = AssertTrue<Equivalent<z.output<typeof PlanResultSchema>, PlanResult>>;
export type _FlightEventResultMatches = AssertTrue<Equivalent<z.output<typeof FlightEventResultSchema>, FlightEventResult>>;

// ---------------------------------------------------------------------------------------------
// GET /operations
// ---------------------------------------------------------------------------------------------

export const OperationListQuerySchema = z.strictObject({
  status: z.enum(OPERATION_STATUSES).optional(),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  pageToken: PageTokenSchema.optional(),
});
export type OperationListQuery = z.output<typeof OperationListQuerySchema>;

export const OperationSummarySchema = z.object({
  operationId: z.string(),
  status: z.enum(OPERATION_STATUSES),
  custodialCountry: CountrySchema,
  receivingCountry: CountrySchema,
  transitCountries: z.array(CountrySchema),
  createdAt: z.string(),
  completedAt: z.string().optional(),
});
export type OperationSummary = z.output<typeof OperationSummarySchema>;

export const OperationListSchema = z
  .object({
    operations: z.array(OperationSummarySchema),
    nextPageToken: z.string().optional().describe('Pass as pageToken for the next page; absent on the last page'),
  })
  .meta({ id: 'OperationList' });

