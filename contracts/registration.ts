/** POST /cases: the registration of an arrest by an officer of the custodial country. */
import { z } from 'zod';
import { CUSTODY_STATUSES, SEXES, TRACKS, type CaseRegistration, type IdentityDocument, type PersonRecord } from '../domain/case';
import {
  ClientIdSchema,
  CountrySchema,
  Iso3166Alpha2Schema,
  IsoDateSchema,
  PastDateTimeSchema,
  text,
  type AssertTrue,
  type Equivalent,
} from './common';

export const IdentityDocumentSchema = z.strictObject({
  type: z.enum(['passport', 'national-id', 'travel-document', 'other']),
  number: text(64),
  issuingCountry: Iso3166Alpha2Schema,
});

const EARLIEST_BIRTH_DATE = '1900-01-01';

export const PersonSchema = z.strictObject({
  fullName: text(200),
  otherNames: z.array(text(200)).max(20).default([]),
  birthDate: IsoDateSchema.refine((d) => d >= EARLIEST_BIRTH_DATE && Date.parse(d) <= Date.now(), {
    message: 'must be a date between 1900-01-01 and today',
  }).optional(),
  sex: z.enum(SEXES),
  claimedNationality: Iso3166Alpha2Schema,
  documents: z.array(IdentityDocumentSchema).max(10).default([]),
  biometricReference: text(128).optional(),
});

export const ArrestSchema = z.strictObject({
  time: PastDateTimeSchema,
  place: text(200),
  agency: text(200),
  operation: text(128).optional(),
});

export const RegistrationBodySchema = z
  .strictObject({
    track: z.enum(TRACKS),
    person: PersonSchema,
    custodialCountry: CountrySchema,
    receivingCountry: CountrySchema,
    transitCountries: z.array(CountrySchema).max(4).default([]),
    arrest: ArrestSchema,
    custodyStatus: z.enum(CUSTODY_STATUSES),
    charges: z.array(text(200)).max(50).default([]),
    externalReference: ClientIdSchema.describe("The custodial agency's own file reference; with the custodial country it identifies the case"),
  })
  .superRefine((body, ctx) => {
    if (body.receivingCountry === body.custodialCountry) {
      ctx.addIssue({ code: 'custom', path: ['receivingCountry'], message: 'must differ from custodialCountry' });
    }
    body.transitCountries.forEach((country, i) => {
      if (country === body.custodialCountry || country === body.receivingCountry) {
        ctx.addIssue({ code: 'custom', path: ['transitCountries', i], message: 'must not be the custodial or receiving country' });
      } else if (body.transitCountries.indexOf(country) !== i) {
        ctx.addIssue({ code: 'custom', path: ['transitCountries', i], message: 'is listed twice' });
      }
    });
  })
  .meta({ id: 'CaseRegistration' });

export const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1-200 visible ASCII characters')
    .optional()
    .describe('Same key and same body: the first result again (200); same key, different body: 409'),
});

export type RegistrationBody = z.output<typeof RegistrationBodySchema>;

export type _DocumentMatchesContract = AssertTrue<Equivalent<z.output<typeof IdentityDocumentSchema>, IdentityDocument>>;
export type _PersonMatchesContract = AssertTrue<Equivalent<z.output<typeof PersonSchema>, PersonRecord>>;
export type _RegistrationMatchesContract = AssertTrue<Equivalent<RegistrationBody, CaseRegistration>>;
