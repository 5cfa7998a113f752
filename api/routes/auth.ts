/**
 * Workbench sign-in, as a backend-for-frontend: the browser is sent to the identity provider and back,
 * and leaves with a sealed session cookie, never a token.
 *
 *   GET  /auth/login?returnTo=/cases/…  → the provider (Authorization Code + PKCE, state, nonce)
 *   GET  /auth/callback                 → session cookie, back to returnTo; a refusal → /signin?error=…
 *   GET  /auth/session                  → who is signed in, the CSRF token, how one may sign in
 *   POST /auth/logout                   → no session; where to go (the provider's end-session page)
 *   POST /auth/demo                     → development identities, embedded default only
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../contracts/problem';
import { AuthSessionSchema, DemoSignInBodySchema, LogoutAnswerSchema, type AuthSession, type SignInFailure } from '../../contracts/session';
import { checkCsrf, checkOrigin } from '../auth/authenticate';
import type { CookieSessions, SessionPayload } from '../auth/cookie-session';
import { DEMO_IDENTITIES, demoIdentity } from '../auth/demo-identities';
import { SignInError, type LoginTransaction, type OidcRelyingParty } from '../auth/oidc-relying-party';
import { HttpProblem } from '../problem';

export interface AuthRoutesOptions {
  sessions: CookieSessions;
  oidc?: OidcRelyingParty;
  demoIdentities: boolean;
  /** The origin officers open (HANDOVER_PUBLIC_URL): the provider returns the browser there. */
  publicUrl: string;
  /** Epoch seconds. */
  now: () => number;
}

/** The round trip through the provider must finish within this time. */
const LOGIN_SECONDS = 600;
const RETURN_TO = /^\/(?![/\\])[\x21-\x7e]{0,1999}$/;

/** Only a path of this site: an open redirect to another site would lend it Handover's name. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && RETURN_TO.test(value) && !value.startsWith('/auth/') ? value : '/';
}

const LoginQuerySchema = z.object({ returnTo: z.string().max(2000).optional().describe('Path of the workbench to open after sign-in') });
const CallbackQuerySchema = z
  .object({
    code: z.string().optional(),
    state: z.string().optional(),
    iss: z.string().optional().describe('The issuer of the answer (RFC 9207)'),
    error: z.string().optional(),
    error_description: z.string().optional(),
  })
  .loose();

export function authRoutes(options: AuthRoutesOptions): FastifyPluginAsync {
  const { sessions, oidc, now } = options;

  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: SignInFailure, providerError?: string) => {
    sessions.clearLogin(reply);
    // The reason and the provider's OAuth error code only: no token, claim or personal value.
    request.log.warn({ reason, providerError }, 'sign-in refused');
    return reply.redirect(`/signin?error=${reason}`, 303);
  };

  const sessionAnswer = (session: SessionPayload | undefined): AuthSession => ({
    signedIn: session !== undefined,
    ...(session
      ? {
          me: { ...session.caller },
          csrfToken: session.csrf,
          idleExpiresAt: sessions.idleExpiresAt(session).toISOString(),
          expiresAt: sessions.expiresAt(session).toISOString(),
        }
      : {}),
    signInMethods: { provider: oidc !== undefined, ...(options.demoIdentities ? { demo: [...DEMO_IDENTITIES] } : {}) },
  });

  return async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/auth/session',
      {
        schema: {
          operationId: 'getSession',
          summary: 'Who is signed in on this browser',
          description: 'The workbench asks this first. It also gives the CSRF token for POST requests on the session and the ways one may sign in. Reading it does not extend the session.',
          tags: ['auth'],
          security: [],
          response: { 200: AuthSessionSchema },
        },
      },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        const read = sessions.read(request, now());
        if (!read.ok && read.why !== 'none') sessions.clear(reply);
        return sessionAnswer(read.ok ? read.session : undefined);
      },
    );

    app.get(
      '/auth/login',
      {
        schema: {
          operationId: 'startLogin',
          summary: "Sign in with the ministry's identity provider",
          description: 'Sends the browser to the identity provider (OpenID Connect Authorization Code flow with PKCE). 404 when no provider is configured.',
          tags: ['auth'],
          security: [],
          querystring: LoginQuerySchema,
          response: { 303: z.null().describe('To the identity provider'), 404: ProblemSchema },
        },
      },
      async (request, reply) => {
        if (!oidc) throw new HttpProblem('not-found', 'No identity provider is configured on this server');
        try {
          const { url, transaction } = await oidc.begin(safeReturnTo(request.query.returnTo));
          sessions.writeLogin(reply, transaction, LOGIN_SECONDS);
          void reply.header('cache-control', 'no-store');
          return reply.redirect(url, 303);
        } catch (err) {
          if (err instanceof SignInError) return refuse(request, reply, err.reason, err.providerError);
          throw err;
        }
      },
    );

    app.get(
      '/auth/callback',
      {
        schema: {
          operationId: 'completeLogin',
          summary: 'The identity provider returns the browser here',
          description: 'Checks state, exchanges the code (with the PKCE verifier), checks the ID token (issuer, audience, nonce, expiry) and maps its claims to one role and one country. Success sets the session cookie and goes back to the page the person came from; any refusal goes to /signin?error=<reason> without a session.',
          tags: ['auth'],
          security: [],
          querystring: CallbackQuerySchema,
          response: { 303: z.null().describe('Back to the workbench') },
        },
      },
      async (request, reply) => {
        if (!oidc) throw new HttpProblem('not-found', 'No identity provider is configured on this server');
        const transaction = sessions.readLogin(request) as LoginTransaction | undefined;
        if (!transaction || typeof transaction.state !== 'string') return refuse(request, reply, 'login-expired');
        const callbackUrl = new URL(request.url, options.publicUrl);
        try {
          const signedIn = await oidc.complete(callbackUrl, transaction);
          sessions.clearLogin(reply);
          sessions.write(reply, sessions.start(signedIn.caller, 'oidc', now(), { refreshToken: signedIn.refreshToken, tokenExpiresAt: signedIn.tokenExpiresAt }));
          request.log.info({ caller: signedIn.caller.id, role: signedIn.caller.role, country: signedIn.caller.country }, 'signed in');
          return reply.redirect(safeReturnTo(transaction.returnTo), 303);
        } catch (err) {
          if (err instanceof SignInError) return refuse(request, reply, err.reason, err.providerError);
          throw err;
        }
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: {
          operationId: 'logout',
          summary: 'Sign out',
          description: "Ends the session on this browser. After a provider sign-in the answer names the provider's end-session page, so that the provider's own session ends too.",
          tags: ['auth'],
          security: [],
          response: { 200: LogoutAnswerSchema, 403: ProblemSchema },
        },
      },
      async (request, reply) => {
        const read = sessions.read(request, now());
        // Signing someone out is a state change too: a cross-site page may not do it.
        if (read.ok) checkCsrf(request, read.session, options.publicUrl);
        sessions.clear(reply);
        const endSession = read.ok && read.session.via === 'oidc' ? await oidc?.endSessionUrl() : undefined;
        if (read.ok) request.log.info({ caller: read.session.caller.id }, 'signed out');
        return { redirectTo: endSession ?? '/signin' };
      },
    );

    if (options.demoIdentities) {
      app.post(
        '/auth/demo',
        {
          schema: {
            // Development only: absent from the production shape and from the published document.
            hide: true,
            body: DemoSignInBodySchema,
            response: { 200: AuthSessionSchema, 400: ProblemSchema, 403: ProblemSchema },
          },
        },
        async (request, reply) => {
          checkOrigin(request, options.publicUrl);
          const identity = demoIdentity(request.body.identity);
          if (!identity) throw new HttpProblem('validation-error', 'No such demo identity', { errors: [{ field: 'identity', message: 'is not a demo identity' }] });
          const session = sessions.start({ id: identity.id, name: identity.name, role: identity.role, country: identity.country }, 'demo', now());
          sessions.write(reply, session);
          return sessionAnswer(session);
        },
      );
    }
  };
}
