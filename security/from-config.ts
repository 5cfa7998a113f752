/**
 * The data converter every entry point uses (npm start, npm run worker, npm run api): the same keys give
 * the same memoised converter, so the API's client and the worker encrypt and decrypt alike.
 */
import type { Config } from '../config/env';
import { createDataConverter, type HandoverDataConverter } from './data-converter';
import { loadOrCreateKeys, type LoadedKeys } from './keys';

export interface ConfiguredEncryption {
  dataConverter: HandoverDataConverter;
  keys: LoadedKeys;
}

export function encryptionFromConfig(config: Config): ConfiguredEncryption {
  const keys = loadOrCreateKeys(config);
  return { dataConverter: createDataConverter(keys.keys), keys };
}

/** One log line about the keys in use: ids and where they came from, never key material. */
export function describeKeys(keys: LoadedKeys): { keyIds: string[]; source: string; file?: string } {
  return { keyIds: keys.keys.map((k) => k.id), source: keys.source, file: keys.file };
}
