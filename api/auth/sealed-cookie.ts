/**
 * Sealed cookies: JSON encrypted and authenticated with AES-256-GCM under a key derived from the session
 * secret. The browser can neither read nor change what it carries, and every API replica that shares the
 * secret opens it, so a session needs no database and survives a restart. Several secrets may be given:
 * the first seals, all open, so a secret can be rotated without signing everyone out.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MIN_SESSION_SECRET_LENGTH = 32;

export class CookieSealer {
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('A cookie sealer needs at least one secret');
    for (const s of secrets) {
      if (s.length < MIN_SESSION_SECRET_LENGTH) throw new Error(`A session secret must be at least ${MIN_SESSION_SECRET_LENGTH} characters long`);
    }
    this.keys = secrets.map((s) => Buffer.from(hkdfSync('sha256', s, 'handover-session', 'cookie-seal-v1', 32)));
  }

  /** `purpose` (the cookie's name) is authenticated too: a login cookie cannot be replayed as a session. */
  seal(value: unknown, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The sealed value, or undefined when it was not sealed by one of our secrets for this purpose. */
  open(sealed: string | undefined, purpose: string): unknown {
    if (!sealed?.startsWith(`${VERSION}.`)) return undefined;
    const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(purpose));
        decipher.setAuthTag(tag);
        const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
        return JSON.parse(text) as unknown;
      } catch {
        // Another key, or not ours.
      }
    }
    return undefined;
  }
}
