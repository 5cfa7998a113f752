/**
 * The HANDOVER_KEYS format and its parser, free of configuration imports so that the configuration
 * schema (config/env.ts) can validate the variable at start-up. Format and rotation: see keys.ts.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PayloadKey {
  /** Written in clear into each payload's metadata; never secret, never personal. */
  id: string;
  /** 32 bytes of AES-256 key material. */
  material: Buffer;
}

/** Newest first; never empty. */
export type PayloadKeyring = readonly [PayloadKey, ...PayloadKey[]];

export const KEY_BYTES = 32;
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const KEYS_EXPECTED =
  'comma-separated keyId:base64Key pairs, newest first (keyId: 1-64 of A-Z a-z 0-9 . _ -; key: 32 random bytes in base64, e.g. `openssl rand -base64 32`)';

const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

export class KeySpecError extends Error {
  constructor(readonly source: string, reason: string) {
    // The offending value is never echoed: it is key material.
    super(`${source}: ${reason}`);
    this.name = 'KeySpecError';
  }
}

/**
 * Parses `keyId:base64Key,...` (commas or newlines between pairs). Errors name the position and the rule,
 * never the key material.
 */
export function parseKeys(spec: string, source = 'HANDOVER_KEYS'): PayloadKeyring {
  const entries = spec
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw new KeySpecError(source, 'no key given');
  const keys: PayloadKey[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new KeySpecError(source, `${where} is not keyId:base64Key`);
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KEY_ID_PATTERN.test(id)) throw new KeySpecError(source, `${where} has an invalid key id (1-64 of A-Z a-z 0-9 . _ -)`);
    if (seen.has(id)) throw new KeySpecError(source, `key id ${id} appears twice`);
    if (!BASE64_32_BYTES.test(encoded)) throw new KeySpecError(source, `key ${id} is not 32 bytes in base64`);
    seen.add(id);
    keys.push({ id, material: Buffer.from(encoded, 'base64') });
  });
  return keys as unknown as PayloadKeyring;
}

/** True when `spec` parses; used by the configuration schema to stop at start-up on a bad value. */
export function isValidKeySpec(spec: string): boolean {
  try {
    parseKeys(spec);
    return true;
  } catch {
    return false;
  }
}

export function formatKeys(keys: readonly PayloadKey[]): string {
  return keys.map((k) => `${k.id}:${k.material.toString('base64')}`).join(',');
}

/** A fresh random key; the id says when it was made, plus a few random characters. */
export function generateKey(now: Date = new Date()): PayloadKey {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return { id: `local-${day}-${randomBytes(3).toString('hex')}`, material: randomBytes(KEY_BYTES) };
}

/** A short fingerprint of a keyring (ids and material), for memoisation; reveals nothing usable. */
export function keyringFingerprint(keys: readonly PayloadKey[]): string {
  const hash = createHash('sha256');
  for (const k of keys) hash.update(k.id).update('\0').update(k.material);
  return hash.digest('hex');
}

