/** GET /cases query string. Every value is an enum or a strict pattern, so it is safe in a visibility query. */
import { z } from 'zod';
import { OUTCOMES, STAGES, TRACKS } from '../domain/case';
import { CountrySchema } from './common';

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

export const CaseListQuerySchema = z.strictObject({
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
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  pageToken: PageTokenSchema.optional(),
});
export type CaseListQuery = z.output<typeof CaseListQuerySchema>;
