import { describe, expect, it } from 'vitest';
import { formatNumber, interpolationFormat } from './numbers';
import { regionName } from './countries';

describe('numbers', () => {
  it.each([
    ['en', '12,345'],
    ['zh', '12,345'],
    ['th', '12,345'],
    ['vi', '12.345'],
    ['km', '12.345'],
    ['lo', '12.345'],
    ['my', '12,345'],
  ])('%s: Latin digits with the language’s grouping', (language, expected) => {
    // Khmer's and Lao's grouping differs between ICU versions; the digits never do.
    const text = formatNumber(12345, language);
    expect(text).toMatch(/^12[.,\u00A0\u202F ]?345$/);
    if (!['km', 'lo'].includes(language)) expect(text).toBe(expected);
  });
  it('puts Latin digits into every interpolated number, not into other values', () => {
    expect(new Intl.NumberFormat('my').format(3)).toBe('၃');
    expect(interpolationFormat(3, undefined, 'my')).toBe('3');
    expect(interpolationFormat(1200, undefined, 'my')).toBe('1,200');
    expect(interpolationFormat('case-MM-2026-ABC', undefined, 'my')).toBe('case-MM-2026-ABC');
    expect(interpolationFormat(undefined, undefined, 'th')).toBeUndefined();
  });
});

describe('country names', () => {
  it('names a country none of the six in the reader’s language', () => {
    expect(regionName('IN', 'en')).toBe('India');
    expect(regionName('IN', 'zh')).toBe('印度');
    expect(regionName('IN', 'th')).toBe('อินเดีย');
    expect(regionName('IN', 'my')).toMatch(/[\u1000-\u109F]/);
    expect(regionName('not a code', 'en')).toBe('not a code');
  });
});
