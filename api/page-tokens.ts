/**
 * List page tokens. Temporal's own token is opaque and the server answers a forged one with an
 * internal error (which the client retries until its deadline), so the API wraps it: the token it
 * hands out carries an HMAC over the visibility query and the raw token. A forged, truncated or
 * foreign token (another query, another country) is refused with 400 before Temporal is asked.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class PageTokens {
  private readonly key: Buffer;

  /** `secret`: shared by every API instance so tokens work across them; random per process otherwise. */
  constructor(secret?: Uint8Array | string) {
    this.key =
      secret === undefined
        ? randomBytes(32)
        : createHmac('sha256', 'handover-page-token').update(typeof secret === 'string' ? secret : Buffer.from(secret)).digest();
  }

  private mac(query: string, raw: Buffer): Buffer {
    return createHmac('sha256', this.key).update(query).update('\n').update(raw).digest().subarray(0, 16);
  }

  encode(query: string, raw: Uint8Array): string {
    const bytes = Buffer.from(raw);
    return `${bytes.toString('base64url')}.${this.mac(query, bytes).toString('base64url')}`;
  }

  /** The raw Temporal token, or undefined when the token was not issued for this query. */
  decode(query: string, token: string): Buffer | undefined {
    const [data, mac, extra] = token.split('.');
    if (!data || !mac || extra !== undefined) return undefined;
    const raw = Buffer.from(data, 'base64url');
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(query, raw);
    return given.length === expected.length && timingSafeEqual(given, expected) ? raw : undefined;
  }
}
