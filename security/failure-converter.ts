/**
 * The failure converter Handover uses everywhere: error messages and stack traces move out of the
 * failure's plain fields into `encodedAttributes`, a payload, so the encryption codec covers them too.
 *
 * The SDK loads this module by path (`failureConverterPath`), in the worker's main thread and inside
 * the workflow bundle, so it imports nothing but @temporalio/common: no Node built-ins.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
