/**
 * AES-256-GCM payload codec. It runs in the client (API) and in the worker's main thread, never inside
 * workflow code, so it may use Node's crypto.
 *
 * Each encoded payload is the whole original Payload (metadata and data) serialised as protobuf and
 * encrypted; only two metadata entries stay in clear: `encoding: binary/encrypted` and
 * `encryption-key-id: <id>`. The key id is also the GCM associated data, so relabelling a payload with
 * another key id fails authentication like any other tampering.
 *
 * Wire layout of `data`: 12-byte IV | ciphertext | 16-byte GCM tag.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKey, PayloadKeyring } from './key-spec';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

/**
 * A payload that cannot be decrypted. The message names the key id (which is not secret) and the reason;
 * it never carries payload bytes, so it is safe to log and to return to an API caller.
 */
export class PayloadDecryptionError extends Error {
  constructor(
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: ReadonlyMap<string, PayloadKey>;
  private readonly current: PayloadKey;

  constructor(keys: PayloadKeyring) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  /** The id new payloads are encrypted with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const key = this.current;
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key.material, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(key.id, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING, 'utf8'),
        [METADATA_KEY_ID]: Buffer.from(key.id, 'utf8'),
      },
      data: Buffer.concat([iv, body, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    // Payloads written before encryption was switched on (or by another codec) pass through unchanged.
    if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCRYPTED_ENCODING) return payload;

    const rawId = payload.metadata?.[METADATA_KEY_ID];
    if (!rawId) throw new PayloadDecryptionError('Encrypted payload has no encryption-key-id');
    const keyId = Buffer.from(rawId).toString('utf8');
    // The id comes from the wire: show it only if it looks like a key id, never as arbitrary text.
    const shownId = /^[A-Za-z0-9._-]{1,64}$/.test(keyId) ? keyId : '(malformed key id)';
    const key = this.byId.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `Payload was encrypted with key id ${shownId}, which is not configured (add it to HANDOVER_KEYS)`,
        shownId,
      );
    }
    const data = payload.data ? Buffer.from(payload.data) : Buffer.alloc(0);
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`Encrypted payload (key id ${shownId}) is truncated`, shownId);
    }
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const body = data.subarray(IV_BYTES, data.length - TAG_BYTES);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(ALGORITHM, key.material, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(key.id, 'utf8'));
      decipher.setAuthTag(tag);
      plain = Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `Encrypted payload (key id ${shownId}) failed authentication: it was altered or the key is wrong`,
        shownId,
      );
    }
    try {
      return temporal.api.common.v1.Payload.decode(plain);
    } catch {
      throw new PayloadDecryptionError(`Encrypted payload (key id ${shownId}) does not hold a payload`, shownId);
    }
  }
}
