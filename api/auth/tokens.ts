/**
 * Development tokens: an HS256 secret kept in the data folder and a minting helper used by
 * `npm run token`, the demo token list and the tests. Production verifies tokens from an identity
 * provider through JWKS instead (see verifier.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { TokenClaims } from './claims';

export const DEV_SECRET_FILE = 'jwt-secret';
/** HS256 needs a key at least as long as its hash (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

export interface DevSecret {
  secret: string;
  path: string;
  /** True when this call generated the secret (first start): the caller prints demo tokens then. */
  created: boolean;
}

/** Reads `${dataDir}/jwt-secret`, generating a random one (mode 0600) on first use. */
export function loadOrCreateDevSecret(dataDir: string): DevSecret {
  return loadOrCreateSecretFile(dataDir, DEV_SECRET_FILE);
}

/** A random secret kept in a file of the data folder (mode 0600), generated on first use. */
export function loadOrCreateSecretFile(dataDir: string, name: string): DevSecret {
  const file = path.join(dataDir, name);
  try {
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length >= MIN_SECRET_BYTES) return { secret, path: file, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, path: file, created: true };
}

export function secretKey(secret: Uint8Array | string): Uint8Array {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (key.byteLength < MIN_SECRET_BYTES) {
    throw new Error(`The JWT secret must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  return key;
}

export interface MintOptions {
  /** Lifetime in seconds (default 8 hours, one shift). */
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
  /** Overrides the issue time (seconds since the epoch), e.g. to mint an already expired token in tests. */
  issuedAt?: number;
}

/** Mints an HS256 token with Handover's claims. */
export async function mintToken(claims: TokenClaims, secret: Uint8Array | string, options: MintOptions = {}): Promise<string> {
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ name: claims.name, role: claims.role, country: claims.country })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.expiresInSeconds ?? 8 * 3600));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(secretKey(secret));
}
