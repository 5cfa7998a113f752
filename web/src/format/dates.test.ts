import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, splitDuration } from './dates';

describe('dates', () => {
  it('uses the Gregorian year and names the time zone, in Thai too', () => {
    const th = formatDateTime('2026-03-01T08:30:00Z', 'th', { timeZone: 'Asia/Bangkok' });
    expect(th).toContain('2026');
    expect(th).not.toContain('2569');
    expect(th).toMatch(/GMT\+7|ICT|เวลา/);
    const en = formatDateTime('2026-03-01T08:30:00Z', 'en', { timeZone: 'UTC' });
    expect(en).toMatch(/2026/);
    expect(en).toMatch(/UTC/);
  });
  it('shows a calendar date without shifting it by the time zone', () => {
    expect(formatDate('1990-04-17', 'en')).toMatch(/17/);
    expect(formatDate('1990-04-17', 'en')).toMatch(/1990/);
  });
  it('splits durations, negative when past', () => {
    expect(splitDuration(90_061_000)).toEqual({ negative: false, days: 1, hours: 1, minutes: 1, seconds: 1 });
    expect(splitDuration(-60_000).negative).toBe(true);
  });
});
