/** GET /cases query string. Every value is an enum or a strict pattern, so it is safe in a visibility query. */
import { z } from 'zod';
import { OUTCOMES, STAGES, TRACKS } from '../domain/case';
import { ClientIdSchema, CountrySchema, IsoDateSchema } from './common';

const booleanFlag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A nextPageToken the API handed out (page-tokens.ts): Temporal's token and an HMAC over the query. */
export const PageTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,64}$/, 'must be a nextPageToken from a previous page');

/** `me`: assigned to you; `unassigned`: nobody works the waiting step. */
export const AssignedFilterSchema = z.enum(['me', 'unassigned']);

export const MAX_LEGAL_DEADLINE_DAYS = 365;

export const CaseListQuerySchema = z
  .strictObject({
    stage: z.enum(STAGES).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    track: z.enum(TRACKS).optional(),
    country: CountrySchema.optional().describe('Cases involving this country (custodial, receiving or transit), within your own'),
    operation: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be an operation id')
      .optional(),
    overdue: booleanFlag.describe('Only cases whose working SLA is overdue (true) or not (false)'),
    waitingOnMe: booleanFlag.describe("Only cases waiting on your role in your country"),
    custodialCountry: CountrySchema.optional().describe('Only cases held by this country'),
    receivingCountry: CountrySchema.optional().describe('Only cases going to this country'),
    transitCountry: CountrySchema.optional().describe('Only cases crossing this country in transit'),
    // A strict pattern rather than coercion, which would read an empty value as 0 days.
    legalDeadlineWithinDays: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3})?$/, `must be a number of clock days from 0 to ${MAX_LEGAL_DEADLINE_DAYS}`)
      .transform(Number)
      .pipe(z.number().max(MAX_LEGAL_DEADLINE_DAYS, `must be a number of clock days from 0 to ${MAX_LEGAL_DEADLINE_DAYS}`))
      .optional()
      .describe(`Only cases whose next legal deadline is within this many clock days from now (0-${MAX_LEGAL_DEADLINE_DAYS})`),
    registeredFrom: IsoDateSchema.optional().describe('Registered on or after this UTC day (YYYY-MM-DD)'),
    registeredTo: IsoDateSchema.optional().describe('Registered on or before this UTC day (YYYY-MM-DD)'),
    search: ClientIdSchema.optional().describe("A case id, or the custodial agency's external reference of a case"),
    assigned: AssignedFilterSchema.optional().describe('`me`: cases whose waiting step you claimed; `unassigned`: nobody claimed it'),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    pageToken: PageTokenSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.registeredFrom !== undefined && q.registeredTo !== undefined && q.registeredFrom > q.registeredTo) {
      ctx.addIssue({ code: 'custom', path: ['registeredTo'], message: 'must not be before registeredFrom' });
    }
  });
export type CaseListQuery = z.output<typeof CaseListQuerySchema>;
