import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ClockExtensionBodySchema, VerificationBodySchema } from '../../../../../contracts/actions';
import { contractMessageKey } from './messages';

function messages(schema: z.ZodType, value: unknown): Record<string, string> {
  const result = schema.safeParse(value);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('contract messages', () => {
  it('knows what the verification schema says of a missing choice or missing information', () => {
    const m = messages(VerificationBodySchema, { requestId: 'r-1', result: 'inconclusive' });
    expect(contractMessageKey(m.moreInformation)).toBe('validation.moreInformationRequired');
    expect(contractMessageKey(messages(VerificationBodySchema, { requestId: 'r-1' }).result)).toBe('validation.choose');
    expect(contractMessageKey(messages(VerificationBodySchema, { requestId: 'r-1', result: 'not-a-national', referredTo: 'xx' }).referredTo)).toBe('validation.alpha2');
  });

  it('knows the bounds of a clock extension', () => {
    const m = messages(ClockExtensionBodySchema, { requestId: 'r-1', clock: 'take-over', days: 400, decisionReference: ' ' });
    expect(contractMessageKey(m.days)).toBe('validation.numberTooBig');
    expect(contractMessageKey(m.decisionReference)).toBe('validation.required');
    expect(contractMessageKey(messages(ClockExtensionBodySchema, { requestId: 'r-1', clock: 'take-over', days: Number.NaN, decisionReference: 'D' }).days)).toBe('validation.number');
  });

  it('leaves a message it does not know alone', () => {
    expect(contractMessageKey('the take-over clock can be extended by at most 15 more day(s)')).toBeUndefined();
  });
});
