/**
 * Payload encryption keys. Handover's payloads hold names, birth dates, document numbers and biometric
 * references of people who may be victims, so whoever runs the Temporal cluster must not read them.
 *
 * HANDOVER_KEYS format: comma-separated `keyId:base64Key` pairs, NEWEST FIRST, e.g.
 *
 *     HANDOVER_KEYS=k2026-11:8Jv...Q=,k2026-05:Wm1...c=
 *
 * - keyId: 1-64 characters of `A-Z a-z 0-9 . _ -`; it is written in clear into every payload's metadata
 *   (`encryption-key-id`), so it names the key, never anything about a person.
 * - base64Key: 32 random bytes in standard base64 (44 characters), e.g. `openssl rand -base64 32`.
 *
 * New payloads are encrypted with the first (newest) key; every listed key still decrypts the payloads it
 * wrote. To rotate: put a new pair in front and keep the old ones until no open case uses them.
 *
 * Embedded mode (no TEMPORAL_ADDRESS, no HANDOVER_KEYS): a key is generated on first start into
 * `${dataDir}/payload-keys` (mode 0600, same format) and reused afterwards. Against an external cluster
 * nothing is generated: every worker and API replica must share the same keys, so they come from
 * configuration (an existing key file in the data folder is still read, for a local production-shape run).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from '../config/env';
import { formatKeys, generateKey, KEYS_EXPECTED, KeySpecError, parseKeys, type PayloadKeyring } from './key-spec';

export * from './key-spec';

export const KEY_FILE_NAME = 'payload-keys';

export type KeyConfig = Pick<Config, 'HANDOVER_KEYS' | 'TEMPORAL_ADDRESS' | 'dataDir'>;

export interface LoadedKeys {
  keys: PayloadKeyring;
  source: 'HANDOVER_KEYS' | 'generated' | 'key-file';
  /** Set when the keys come from (or went to) the data folder. */
  file?: string;
}

/**
 * The keys every entry point uses: HANDOVER_KEYS if set; otherwise the data folder's key file, generated on
 * the first start in embedded mode. Throws a ConfigError (one line, naming HANDOVER_KEYS) when no key can be
 * had, or the value or file is malformed.
 */
export function loadOrCreateKeys(config: KeyConfig): LoadedKeys {
  if (config.HANDOVER_KEYS) {
    return { keys: parseOrConfigError(config.HANDOVER_KEYS, 'HANDOVER_KEYS'), source: 'HANDOVER_KEYS' };
  }
  const file = path.join(config.dataDir, KEY_FILE_NAME);
  const existing = readKeyFile(file);
  if (existing !== undefined) return { keys: parseOrConfigError(existing, file), source: 'key-file', file };
  if (config.TEMPORAL_ADDRESS) {
    throw new ConfigError('HANDOVER_KEYS', `set when TEMPORAL_ADDRESS is set (every replica needs the same keys): ${KEYS_EXPECTED}`);
  }
  const { content, created } = writeKeyFileOnce(file, formatKeys([generateKey()]));
  return { keys: parseOrConfigError(content, file), source: created ? 'generated' : 'key-file', file };
}

function parseOrConfigError(spec: string, source: string): PayloadKeyring {
  try {
    return parseKeys(spec, source);
  } catch (err) {
    if (err instanceof KeySpecError) throw new ConfigError('HANDOVER_KEYS', `${KEYS_EXPECTED} (${err.message})`);
    throw err;
  }
}

function readKeyFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes the key file unless it exists, atomically: the content goes to a temporary file that is then
 * hard-linked into place, which fails if another process (the API starting beside the worker) won the
 * race. Either way the winner's content is returned, so both processes use the same key.
 */
function writeKeyFileOnce(file: string, content: string): { content: string; created: boolean } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${content}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return { content, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { content: fs.readFileSync(file, 'utf8'), created: false };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
