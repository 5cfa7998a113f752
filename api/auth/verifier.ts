/**
 * Bearer token verification. HS256 is accepted only with a shared secret, RS256/ES256 only through a
 * JWKS endpoint; everything else (including `alg: none`) is refused before any key is looked at.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { callerFromClaims, TokenClaimsSchema, type Caller } from './claims';
import { secretKey } from './tokens';

export interface AuthOptions {
  /** HS256 shared secret (the embedded default and development). */
  secret?: Uint8Array | string;
  /** JWKS endpoint of the identity provider (production): RS256/ES256. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

/** Why a token was refused. The message goes to the caller, so it says what, not how. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export type TokenVerifier = (token: string) => Promise<Caller>;

const ASYMMETRIC_ALGS = ['RS256', 'ES256'];

/**
 * A token verified a moment ago is accepted again without checking its signature, for at most this
 * long and never past its `exp`: an officer's dashboard sends the same token with every request. The key
 * is the whole token, signature included, so only the very same bytes hit the cache.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX_ENTRIES = 10_000;

interface Verified {
  caller: Caller;
  /** Epoch ms after which the entry is not used: min(exp, verified + TTL). */
  until: number;
}

export function createTokenVerifier(options: AuthOptions): TokenVerifier {
  const verify = createSignatureVerifier(options);
  const verified = new Map<string, Verified>();
  return async (token: string): Promise<Caller> => {
    const now = Date.now();
    const hit = verified.get(token);
    if (hit && hit.until > now) return hit.caller;
    if (hit) verified.delete(token);
    const { caller, exp } = await verify(token);
    if (verified.size >= VERIFIED_MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
    verified.set(token, { caller, until: Math.min(exp * 1000, now + VERIFIED_TTL_MS) });
    return caller;
  };
}

function createSignatureVerifier(options: AuthOptions): (token: string) => Promise<{ caller: Caller; exp: number }> {
  const hmacKey = options.secret !== undefined ? secretKey(options.secret) : undefined;
  const jwks: JWTVerifyGetKey | undefined = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  if (!hmacKey && !jwks) throw new Error('Authentication needs a JWT secret or a JWKS URL');
  const claimChecks = {
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
    requiredClaims: ['exp', 'sub'],
  };

  return async (token: string): Promise<{ caller: Caller; exp: number }> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenError('The bearer token is malformed');
    }
    let payload: unknown;
    try {
      if (alg === 'HS256' && hmacKey) {
        ({ payload } = await jwtVerify(token, hmacKey, { ...claimChecks, algorithms: ['HS256'] }));
      } else if (alg !== undefined && ASYMMETRIC_ALGS.includes(alg) && jwks) {
        ({ payload } = await jwtVerify(token, jwks, { ...claimChecks, algorithms: ASYMMETRIC_ALGS }));
      } else {
        throw new TokenError(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
      }
    } catch (err) {
      if (err instanceof TokenError) throw err;
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new TokenError('The bearer token has expired');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') throw new TokenError('The bearer token has a wrong or missing claim');
      if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JWKS_NO_MATCHING_KEY') throw new TokenError('The bearer token is signed with an unknown key');
      throw new TokenError('The bearer token signature is not valid');
    }
    const claims = TokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      const fields = [...new Set(claims.error.issues.map((i) => String(i.path[0] ?? 'claims')))].join(', ');
      throw new TokenError(`The bearer token has missing or invalid claims: ${fields}`);
    }
    // jwtVerify required and checked exp.
    return { caller: callerFromClaims(claims.data), exp: (payload as { exp: number }).exp };
  };
}
