/** Building blocks shared by the request and response schemas. */
import { z } from 'zod';
import { CLIENT_ID_PATTERN, COUNTRIES, ROLES } from '../domain/people';

/** True when A and B are assignable both ways: a schema's output and a contract type cannot drift apart. */
export type Equivalent<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** `export type _x = AssertTrue<Equivalent<…>>` fails to compile when the two types drift. */
export type AssertTrue<T extends true> = T;

export const CountrySchema = z.enum(COUNTRIES).describe('A Handover country: CN, KH, LA, MM, TH or VN');
export const RoleSchema = z.enum(ROLES);

/** Any ISO 3166-1 alpha-2 code (nationalities and embassies are not limited to the six countries). */
export const Iso3166Alpha2Schema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. CN')
  .describe('ISO 3166-1 alpha-2 country code');

/** Free text typed by an officer: trimmed, not empty, bounded. */
export function text(max: number) {
  return z.string().trim().min(1, 'must not be empty').max(max);
}

/** An identifier chosen by the client: printable, no spaces, bounded. */
export const ClientIdSchema = z
  .string()
  .regex(CLIENT_ID_PATTERN, 'must be 1-128 letters, digits or . _ : @ / -');

export const RequestIdSchema = ClientIdSchema.describe(
  'Client-chosen id of this action; repeating an action with the same requestId returns the first result',
);

/** Allowed clock skew between an officer's device and the server. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

export const IsoDateTimeSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with offset, e.g. 2026-03-01T08:30:00+07:00');

export const PastDateTimeSchema = IsoDateTimeSchema.refine((v) => Date.parse(v) <= Date.now() + FUTURE_SKEW_MS, {
  message: 'must not be in the future',
});

export const IsoDateSchema = z.iso.date().describe('ISO 8601 calendar date, e.g. 1990-04-17');

export const CaseIdSchema = z
  .string()
  .regex(/^case-(CN|KH|LA|MM|TH|VN)-\d{4}-[A-Z0-9]{6,16}$/, 'must be a case id such as case-KH-2026-ABCDEFGHIJ')
  .describe('Case id, e.g. case-KH-2026-ABCDEFGHIJ');
export const CaseParamsSchema = z.object({ caseId: CaseIdSchema });
