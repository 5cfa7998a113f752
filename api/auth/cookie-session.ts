/**
 * The workbench's session: a sealed cookie holding the principal, a CSRF token, when the session began
 * and was last used, and (after an OpenID Connect sign-in) the refresh token. The browser never holds an
 * access or ID token it could leak; the API refreshes tokens itself.
 *
 * Secure cookies take the `__Host-` prefix (Secure, Path=/, no Domain: no other host or path can set or
 * read them). Plain http is allowed only for a loopback address in development, where the prefix cannot
 * be used, so the names lose it there.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { COUNTRIES, ROLES } from '../../domain/people';
import type { Caller } from './claims';
import { CookieSealer } from './sealed-cookie';

export interface SessionSettings {
  secrets: readonly string[];
  /** Secure cookies with the __Host- prefix; false only for http on loopback in development. */
  secure: boolean;
  idleSeconds: number;
  absoluteSeconds: number;
}

export interface SessionPayload {
  caller: Caller;
  /** How the person signed in: sign-out ends the provider's session too only after a provider sign-in. */
  via: 'oidc' | 'demo';
  csrf: string;
  /** Epoch seconds: the sign-in, and the last request seen. */
  startedAt: number;
  seenAt: number;
  /** After an OpenID Connect sign-in: the refresh token and when the access token it replaces expires. */
  refreshToken?: string;
  tokenExpiresAt?: number;
}

export type SessionRead = { ok: true; session: SessionPayload } | { ok: false; why: 'none' | 'invalid' | 'idle' | 'expired' };

/** How often a request re-issues the cookie to move its idle deadline (at most). */
const TOUCH_EVERY_SECONDS = 60;

export class CookieSessions {
  readonly sessionCookie: string;
  readonly loginCookie: string;
  private readonly sealer: CookieSealer;

  constructor(readonly settings: SessionSettings) {
    this.sealer = new CookieSealer(settings.secrets);
    const prefix = settings.secure ? '__Host-' : '';
    this.sessionCookie = `${prefix}handover-session`;
    this.loginCookie = `${prefix}handover-login`;
  }

  start(caller: Caller, via: SessionPayload['via'], now: number, tokens: { refreshToken?: string; tokenExpiresAt?: number } = {}): SessionPayload {
    return { caller, via, csrf: randomBytes(24).toString('base64url'), startedAt: now, seenAt: now, ...tokens };
  }

  /** Whether the request carries a session cookie at all (valid or not). */
  has(request: FastifyRequest): boolean {
    return cookieOf(request, this.sessionCookie) !== undefined;
  }

  read(request: FastifyRequest, now: number): SessionRead {
    const raw = cookieOf(request, this.sessionCookie);
    if (raw === undefined) return { ok: false, why: 'none' };
    const session = this.sealer.open(raw, this.sessionCookie);
    if (!isSessionPayload(session)) return { ok: false, why: 'invalid' };
    if (now >= session.startedAt + this.settings.absoluteSeconds) return { ok: false, why: 'expired' };
    if (now >= session.seenAt + this.settings.idleSeconds) return { ok: false, why: 'idle' };
    return { ok: true, session };
  }

  /** Whether this request should re-issue the cookie so the idle deadline moves on. */
  needsTouch(session: SessionPayload, now: number): boolean {
    return now - session.seenAt >= Math.min(TOUCH_EVERY_SECONDS, this.settings.idleSeconds / 4);
  }

  write(reply: FastifyReply, session: SessionPayload): void {
    const maxAge = Math.max(0, session.startedAt + this.settings.absoluteSeconds - session.seenAt);
    this.setCookie(reply, this.sessionCookie, this.sealer.seal(session, this.sessionCookie), maxAge);
  }

  clear(reply: FastifyReply): void {
    this.setCookie(reply, this.sessionCookie, '', 0);
  }

  idleExpiresAt(session: SessionPayload): Date {
    return new Date(Math.min(session.seenAt + this.settings.idleSeconds, session.startedAt + this.settings.absoluteSeconds) * 1000);
  }

  expiresAt(session: SessionPayload): Date {
    return new Date((session.startedAt + this.settings.absoluteSeconds) * 1000);
  }

  /** The sign-in round trip's own short-lived cookie (state, nonce, PKCE verifier, where to return). */
  writeLogin(reply: FastifyReply, value: unknown, maxAge: number): void {
    this.setCookie(reply, this.loginCookie, this.sealer.seal(value, this.loginCookie), maxAge);
  }

  readLogin(request: FastifyRequest): unknown {
    return this.sealer.open(cookieOf(request, this.loginCookie), this.loginCookie);
  }

  clearLogin(reply: FastifyReply): void {
    this.setCookie(reply, this.loginCookie, '', 0);
  }

  /**
   * Lax, not Strict: the provider's redirect back to /auth/callback is a cross-site top-level navigation
   * that must carry the login cookie. Lax still keeps the cookies off cross-site POSTs.
   */
  private setCookie(reply: FastifyReply, name: string, value: string, maxAge: number): void {
    const attributes = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(maxAge)}`];
    if (this.settings.secure) attributes.push('Secure');
    const existing = reply.getHeader('set-cookie');
    const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
    void reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${name}=`)), attributes.join('; ')]);
  }
}

/** Sealed values are base64url with a version prefix: no quoting or decoding is ever needed. */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function isSessionPayload(value: unknown): value is SessionPayload {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<SessionPayload>;
  const c = s.caller as Partial<Caller> | undefined;
  return (
    (s.via === 'oidc' || s.via === 'demo') &&
    typeof s.csrf === 'string' &&
    typeof s.startedAt === 'number' &&
    typeof s.seenAt === 'number' &&
    typeof c?.id === 'string' &&
    typeof c.name === 'string' &&
    (ROLES as readonly string[]).includes(String(c.role)) &&
    (COUNTRIES as readonly string[]).includes(String(c.country))
  );
}
