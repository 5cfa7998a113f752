import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem';
import type { Caller } from './claims';
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

/** onRequest hook: a valid bearer token or 401. */
export function authenticationHook(verify: TokenVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new HttpProblem('unauthenticated', 'Send Authorization: Bearer <token>');
    }
    const match = BEARER.exec(header);
    if (!match?.[1]) throw new HttpProblem('unauthenticated', 'The Authorization header must be Bearer <token>');
    try {
      request.caller = await verify(match[1]);
    } catch (err) {
      if (err instanceof TokenError) throw new HttpProblem('unauthenticated', err.message);
      throw err;
    }
  };
}

/** The caller of an authenticated route (the hook guarantees it). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new HttpProblem('unauthenticated', 'Send Authorization: Bearer <token>');
  return request.caller;
}
