/**
 * Bodies of the case actions (POST /cases/{caseId}/<action>). Strict: the actor, stage, outcome,
 * approvals and ids belong to the server and cannot be sent. Each body plus the caller's actor is the
 * workflow update's payload, checked against the contract types below.
 */
import { z } from 'zod';
import {
  CUSTODY_EVENTS,
  CUSTODY_EXCEPTION_KINDS,
  RETURNABLE_STAGES,
  TRANSPORTS,
  type AssignCase,
  type DecideRefoulement,
  type ExtendLegalClock,
  type PlaceLegalHold,
  type RecordCustodyEvent,
  type RecordCustodyException,
  type RecordLegalReview,
  type RecordScreening,
  type RecordVerification,
  type ResumeFromHold,
  type ScheduleHandover,
  type WithdrawCase,
} from '../domain/case';
import { LEGAL_CLOCKS } from '../domain/clocks';
import {
  ClientIdSchema,
  CountrySchema,
  Iso3166Alpha2Schema,
  IsoDateSchema,
  IsoDateTimeSchema,
  PastDateTimeSchema,
  RequestIdSchema,
  text,
  type AssertTrue,
  type Equivalent,
} from './common';

const notes = text(2000).optional();
const reference = text(128);

export const ScreeningBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    result: z.enum(['cleared', 'victim', 'refoulement-risk']),
    vulnerable: z.boolean().optional().describe('Minor or otherwise vulnerable: flagged, not screened out by itself'),
    notes,
  })
  .meta({ id: 'ScreeningAction' });

export const RefoulementReviewBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    decision: z.enum(['proceed', 'refuse']),
    reference,
    notes,
  })
  .meta({ id: 'RefoulementReviewAction' });

export const VerificationBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    result: z.enum(['confirmed', 'not-a-national', 'inconclusive']),
    reference: reference.optional().describe('Consular confirmation, biometric match or INTERPOL notice reference'),
    referredTo: Iso3166Alpha2Schema.optional().describe("For not-a-national: whose embassy the person is referred to"),
    moreInformation: text(2000).optional().describe('For inconclusive: what more information is requested'),
  })
  .superRefine((body, ctx) => {
    if (body.result === 'not-a-national' && body.referredTo === undefined) {
      ctx.addIssue({ code: 'custom', path: ['referredTo'], message: 'is required when result is not-a-national' });
    }
    if (body.result === 'inconclusive' && body.moreInformation === undefined) {
      ctx.addIssue({ code: 'custom', path: ['moreInformation'], message: 'is required when result is inconclusive' });
    }
  })
  .meta({ id: 'VerificationAction' });

export const LegalReviewBodySchema = z
  .discriminatedUnion('step', [
    z.strictObject({
      requestId: RequestIdSchema,
      step: z.literal('formal-request'),
      documents: z.array(z.strictObject({ name: text(200), received: z.boolean() })).min(1).max(50),
      reference,
    }),
    z.strictObject({
      requestId: RequestIdSchema,
      step: z.literal('court-decision'),
      decision: z.enum(['extraditable', 'not-extraditable']),
      reference,
    }),
    z.strictObject({
      requestId: RequestIdSchema,
      step: z.literal('executive-decision'),
      decision: z.enum(['granted', 'refused']),
      reference,
    }),
  ])
  .meta({ id: 'LegalReviewAction' });

export const ApprovalBodySchema = z
  .discriminatedUnion('decision', [
    z.strictObject({ requestId: RequestIdSchema, decision: z.literal('approve'), notes }),
    z
      .strictObject({
        requestId: RequestIdSchema,
        decision: z.literal('reject'),
        reason: text(2000),
        returnTo: z.enum(RETURNABLE_STAGES).optional().describe('Send the case back to this stage…'),
        close: z.literal(true).optional().describe('…or close it as refused (exactly one of the two)'),
      })
      .superRefine((body, ctx) => {
        if ((body.returnTo === undefined) === (body.close === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['returnTo'], message: 'a rejection needs exactly one of returnTo or close' });
        }
      }),
  ])
  .meta({ id: 'ApprovalAction' });

export const ScheduleBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    agreedDate: z.union([IsoDateTimeSchema, IsoDateSchema]).describe('Agreed handover date (ISO date or date-time)'),
    handoverPoint: text(200).describe('Border checkpoint or airport'),
    transport: z.enum(TRANSPORTS),
    escort: text(200),
    flight: text(32).optional(),
  })
  .meta({ id: 'ScheduleAction' });

export const CustodyEventBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    event: z.enum(CUSTODY_EVENTS),
    country: CountrySchema.describe('Where the event happens: custodial, a transit country or receiving'),
    identityRechecked: z.boolean().optional().describe('Required true on received-by-receiving'),
    at: PastDateTimeSchema.optional(),
    reference: reference.optional(),
  })
  .meta({ id: 'CustodyEventAction' });

export const CustodyExceptionBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    exception: z
      .enum(CUSTODY_EXCEPTION_KINDS)
      .describe('did-not-board (custodial country, before its release) or identity-mismatch (receiving country, on arrival)'),
    note: text(2000).describe('What happened'),
    at: PastDateTimeSchema.optional(),
    reference: reference.optional(),
  })
  .meta({ id: 'CustodyExceptionAction' });

export const HoldBodySchema = z.strictObject({ requestId: RequestIdSchema, reason: text(2000) }).meta({ id: 'HoldAction' });
export const ResumeBodySchema = z.strictObject({ requestId: RequestIdSchema }).meta({ id: 'ResumeAction' });
export const WithdrawBodySchema = z.strictObject({ requestId: RequestIdSchema, reason: text(2000) }).meta({ id: 'WithdrawAction' });

export const ClockExtensionBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    clock: z.enum(LEGAL_CLOCKS),
    days: z.number().int().min(1).max(365).describe('In clock days'),
    decisionReference: reference.describe('Reference of the legal decision that grants the extension'),
  })
  .meta({ id: 'ClockExtensionAction' });

export const AssignmentBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    assignee: ClientIdSchema.nullable().describe(
      "Your own user id (token subject) claims the waiting step, a colleague's of your country hands it over, null releases it",
    ),
  })
  .meta({ id: 'AssignmentAction' });

/** Omit that keeps the variants of a union apart. */
type BodyOf<T> = T extends unknown ? Omit<T, 'actor'> : never;

export type _ScreeningBody = AssertTrue<Equivalent<z.output<typeof ScreeningBodySchema>, BodyOf<RecordScreening>>>;
export type _RefoulementBody = AssertTrue<Equivalent<z.output<typeof RefoulementReviewBodySchema>, BodyOf<DecideRefoulement>>>;
export type _VerificationBody = AssertTrue<Equivalent<z.output<typeof VerificationBodySchema>, BodyOf<RecordVerification>>>;
export type _LegalReviewBody = AssertTrue<Equivalent<z.output<typeof LegalReviewBodySchema>, BodyOf<RecordLegalReview>>>;
export type _ScheduleBody = AssertTrue<Equivalent<z.output<typeof ScheduleBodySchema>, BodyOf<ScheduleHandover>>>;
export type _CustodyEventBody = AssertTrue<Equivalent<z.output<typeof CustodyEventBodySchema>, BodyOf<RecordCustodyEvent>>>;
export type _CustodyExceptionBody = AssertTrue<Equivalent<z.output<typeof CustodyExceptionBodySchema>, BodyOf<RecordCustodyException>>>;
export type _HoldBody = AssertTrue<Equivalent<z.output<typeof HoldBodySchema>, BodyOf<PlaceLegalHold>>>;
export type _ResumeBody = AssertTrue<Equivalent<z.output<typeof ResumeBodySchema>, BodyOf<ResumeFromHold>>>;
export type _WithdrawBody = AssertTrue<Equivalent<z.output<typeof WithdrawBodySchema>, BodyOf<WithdrawCase>>>;
export type _ClockExtensionBody = AssertTrue<Equivalent<z.output<typeof ClockExtensionBodySchema>, BodyOf<ExtendLegalClock>>>;
export type _AssignmentBody = AssertTrue<Equivalent<z.output<typeof AssignmentBodySchema>, BodyOf<AssignCase>>>;
