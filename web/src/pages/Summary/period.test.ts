import { describe, expect, it } from 'vitest';
import { DEFAULT_PERIOD_DAYS, periodDaysOf } from './period';

describe('period', () => {
  it('reads whole days from the URL and falls back to the default otherwise', () => {
    expect(periodDaysOf('7')).toBe(7);
    expect(periodDaysOf(null)).toBe(DEFAULT_PERIOD_DAYS);
    expect(periodDaysOf('0')).toBe(DEFAULT_PERIOD_DAYS);
    expect(periodDaysOf('2.5')).toBe(DEFAULT_PERIOD_DAYS);
    expect(periodDaysOf('abc')).toBe(DEFAULT_PERIOD_DAYS);
  });
});
