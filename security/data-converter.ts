/**
 * The one data converter of Handover, shared by the API's client, the worker and the tests: payloads go
 * through the AES-256-GCM codec, and failures are converted by `failure-converter.ts` so their messages and
 * stack traces are encrypted as well.
 *
 * SDK 1.24 takes the failure converter by module path, not as an instance: the worker needs the path to
 * build it into the workflow sandbox. A prebundled workflow bundle (tests, the production image) must be
 * built with the same path, see `WORKFLOW_BUNDLE_CONVERTER_OPTIONS`.
 */
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './codec';
import { keyringFingerprint, type PayloadKeyring } from './key-spec';

/** `require.resolve` keeps this right under ts-jest/tsx (the .ts file) and in dist/ (the .js file). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** Pass to `bundleWorkflowCode` so workflow failures (update and workflow errors) are encoded too. */
export const WORKFLOW_BUNDLE_CONVERTER_OPTIONS = { failureConverterPath: FAILURE_CONVERTER_PATH } as const;

export interface HandoverDataConverter extends DataConverter {
  payloadCodecs: [EncryptionCodec];
  failureConverterPath: string;
}

const memo = new Map<string, HandoverDataConverter>();

/**
 * Memoised per keyring: every client and worker in a process built from the same keys share one
 * converter (and one codec), as the SDK's encryption sample recommends.
 */
export function createDataConverter(keys: PayloadKeyring): HandoverDataConverter {
  const fingerprint = keyringFingerprint(keys);
  let converter = memo.get(fingerprint);
  if (!converter) {
    converter = { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
    memo.set(fingerprint, converter);
  }
  return converter;
}

/** The codec of a converter, for the codec endpoint. */
export function payloadCodecOf(converter: HandoverDataConverter): EncryptionCodec {
  return converter.payloadCodecs[0];
}
