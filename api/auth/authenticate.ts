import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '../../contracts/session';
import { HttpProblem } from '../problem';
import type { Caller } from './claims';
import type { CookieSessions, SessionPayload } from './cookie-session';
import { SignInError, type OidcRelyingParty, type SignedIn } from './oidc-relying-party';
import { TokenError, type TokenVerifier } from './verifier';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by the authentication hook on every /api/v1 route. */
    caller: Caller | null;
    /** The case a request touched, for the access log (registration learns it only at the end). */
    auditCaseId: string | null;
  }
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The workbench's cookie sessions, beside Bearer tokens for machine clients. */
export interface SessionAuth {
  sessions: CookieSessions;
  oidc?: OidcRelyingParty;
  /** Epoch seconds. */
  now: () => number;
  /** HANDOVER_PUBLIC_URL's origin: what a browser names as Origin when a proxy rewrites Host. */
  publicOrigin: string;
}

/** A valid bearer token, or 401. Machine clients and the codec endpoint use only this. */
export async function authenticateBearer(request: FastifyRequest, verify: TokenVerifier, header: string): Promise<void> {
  const match = BEARER.exec(header);
  if (!match?.[1]) throw new HttpProblem('unauthenticated', 'The Authorization header must be Bearer <token>');
  try {
    request.caller = await verify(match[1]);
  } catch (err) {
    if (err instanceof TokenError) throw new HttpProblem('unauthenticated', err.message);
    throw err;
  }
}

/**
 * onRequest hook: a Bearer token (machine clients) or the workbench's session cookie, else 401. Both give
 * the same Caller, so authorization is the same whichever way a person came in. A state-changing request
 * on a cookie session must carry the session's CSRF token in a header, which a cross-site form cannot set.
 */
export function authenticationHook(verify: TokenVerifier, sessionAuth?: SessionAuth) {
  const refreshing = new Map<string, Promise<SignedIn>>();
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (header !== undefined && header !== '') return authenticateBearer(request, verify, header);
    if (!sessionAuth || !sessionAuth.sessions.has(request)) {
      throw new HttpProblem('unauthenticated', 'Sign in, or send Authorization: Bearer <token>');
    }
    const { sessions, oidc } = sessionAuth;
    const now = sessionAuth.now();
    const read = sessions.read(request, now);
    if (!read.ok) {
      sessions.clear(reply);
      throw new HttpProblem('unauthenticated', SESSION_ENDED[read.why]);
    }
    let session = read.session;
    if (!SAFE_METHODS.has(request.method)) checkCsrf(request, session, sessionAuth.publicOrigin);
    let changed = false;
    if (oidc && session.refreshToken && session.tokenExpiresAt !== undefined && now >= session.tokenExpiresAt) {
      const refreshToken = session.refreshToken;
      // Requests that arrive together share one refresh: a rotating refresh token may be used only once.
      let pending = refreshing.get(refreshToken);
      if (!pending) {
        pending = oidc.refresh(refreshToken, session.caller).finally(() => refreshing.delete(refreshToken));
        refreshing.set(refreshToken, pending);
      }
      try {
        const fresh = await pending;
        session = { ...session, caller: fresh.caller, refreshToken: fresh.refreshToken, tokenExpiresAt: fresh.tokenExpiresAt };
        changed = true;
      } catch (err) {
        if (err instanceof SignInError && err.reason === 'provider-unavailable') {
          // An outage of the provider does not throw officers out mid-shift: the session's own idle and
          // absolute limits still hold, and the next request tries again.
          request.log.warn({ reason: err.reason }, 'session refresh postponed');
        } else {
          sessions.clear(reply);
          request.log.info({ reason: err instanceof SignInError ? err.reason : 'refresh-failed', providerError: err instanceof SignInError ? err.providerError : undefined }, 'session ended by the identity provider');
          throw new HttpProblem('unauthenticated', 'The identity provider no longer accepts this sign-in; sign in again');
        }
      }
    }
    if (changed || sessions.needsTouch(session, now)) sessions.write(reply, { ...session, seenAt: now });
    request.caller = session.caller;
  };
}

const SESSION_ENDED = {
  none: 'Sign in, or send Authorization: Bearer <token>',
  invalid: 'The session is not valid here; sign in again',
  idle: 'The session ended after a time without use; sign in again',
  expired: 'The session reached its maximum length; sign in again',
} as const;

export function checkCsrf(request: FastifyRequest, session: SessionPayload, publicOrigin: string): void {
  const given = request.headers[CSRF_HEADER];
  const expected = Buffer.from(session.csrf);
  if (typeof given !== 'string' || given.length !== session.csrf.length || !timingSafeEqual(Buffer.from(given), expected)) {
    throw new HttpProblem('csrf-refused', `A request on a session must carry the ${CSRF_HEADER} header from GET /auth/session`);
  }
  checkOrigin(request, publicOrigin);
}

/**
 * A browser names the page's origin on every cross-origin and every POST request; it must be ours: the
 * public URL officers open, or the host this request was sent to (development, or no proxy in between).
 */
export function checkOrigin(request: FastifyRequest, publicOrigin: string): void {
  const origin = request.headers.origin;
  if (origin === undefined || origin === publicOrigin) return;
  const host = request.headers.host;
  let same = false;
  try {
    const from = new URL(origin);
    // Host carries no scheme; an explicit default port (":80") is the same host as none.
    same = host !== undefined && from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    same = false;
  }
  if (!same) throw new HttpProblem('csrf-refused', 'The request comes from another site');
}

/** The caller of an authenticated route (the hook guarantees it). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new HttpProblem('unauthenticated', 'Send Authorization: Bearer <token>');
  return request.caller;
}
