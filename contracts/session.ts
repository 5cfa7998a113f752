/** GET /api/v1/me: who the API takes the caller to be, for the workbench's header and its choices. */
import { z } from 'zod';
import { CountrySchema, RoleSchema } from './common';

export const MeSchema = z
  .object({
    id: z.string().describe("The token's subject: the id recorded on every action"),
    name: z.string().describe('Display name; never stored or logged'),
    role: RoleSchema,
    country: CountrySchema,
  })
  .meta({ id: 'Me' });
export type Me = z.output<typeof MeSchema>;

/** Why a sign-in ended without a session: the workbench explains each in the person's language. */
export const SIGN_IN_FAILURES = [
  'login-expired',
  'state-mismatch',
  'provider-refused',
  'code-rejected',
  'token-rejected',
  'issuer-mismatch',
  'audience-mismatch',
  'no-role',
  'several-roles',
  'no-country',
  'several-countries',
  'provider-unavailable',
] as const;
export const SignInFailureSchema = z.enum(SIGN_IN_FAILURES);
export type SignInFailure = z.output<typeof SignInFailureSchema>;

/** A development identity: one per role and country, offered only by the embedded default. */
export const DemoIdentitySchema = z
  .object({ id: z.string(), name: z.string(), role: RoleSchema, country: CountrySchema })
  .meta({ id: 'DemoIdentity' });
export type DemoIdentity = z.output<typeof DemoIdentitySchema>;

export const DemoSignInBodySchema = z.object({
  identity: z.string().min(1).max(40).regex(/^[a-z]{2}-[a-z]+-[0-9]$/).describe('A demo identity id, e.g. `mm-officer-1`'),
});

/** GET /auth/session: who is signed in on this browser, and how else one may sign in. */
export const AuthSessionSchema = z
  .object({
    signedIn: z.boolean(),
    me: MeSchema.optional(),
    csrfToken: z.string().optional().describe('Send as X-CSRF-Token with every POST made on this session'),
    idleExpiresAt: z.iso.datetime().optional().describe('The session ends if no request comes before this instant'),
    expiresAt: z.iso.datetime().optional().describe('The session ends at this instant whatever happens'),
    signInMethods: z.object({
      provider: z.boolean().describe("The ministry's identity provider (OpenID Connect) is configured"),
      demo: z.array(DemoIdentitySchema).optional().describe('Development only: identities that sign in with one click'),
    }),
  })
  .meta({ id: 'AuthSession' });
export type AuthSession = z.output<typeof AuthSessionSchema>;

export const LogoutAnswerSchema = z
  .object({ redirectTo: z.string().describe("Where the browser goes next: the provider's end-session page, or the sign-in page") })
  .meta({ id: 'LogoutAnswer' });
export type LogoutAnswer = z.output<typeof LogoutAnswerSchema>;

/** The header a cookie session's state-changing request carries (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-csrf-token';
