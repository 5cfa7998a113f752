import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, splitDuration } from './dates';

const LANGUAGES = ['en', 'zh', 'th', 'vi', 'km', 'lo', 'my'];
// Digits other than 0–9: Thai, Lao, Khmer, Myanmar, Arabic-Indic and full-width ones.
const OTHER_DIGITS = /[\u0E50-\u0E59\u0ED0-\u0ED9\u17E0-\u17E9\u1040-\u1049\u0660-\u0669\uFF10-\uFF19]/;

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
  it('never shows the Buddhist era for a Thai locale tag (th-TH, th-TH-u-ca-buddhist)', () => {
    for (const tag of ['th', 'th-TH', 'th-TH-u-ca-buddhist']) {
      const dt = formatDateTime('2026-12-31T20:00:00Z', tag, { timeZone: 'Asia/Bangkok' });
      // 20:00 UTC on 31 December is already 1 January 2027 in Bangkok.
      expect({ tag, newYear: dt.includes('2027') }).toEqual({ tag, newYear: true });
      expect(dt).not.toMatch(/2569|2570/);
      expect(formatDate('2026-03-01', tag)).toContain('2026');
      expect(formatDate('2026-03-01', tag)).not.toContain('2569');
    }
  });
  it.each(LANGUAGES)('%s: Gregorian year, Latin digits, the time of day and the zone', (language) => {
    const dt = formatDateTime('2026-03-01T08:30:00Z', language, { timeZone: 'Asia/Bangkok' });
    expect(dt).toContain('2026');
    expect(dt).not.toMatch(OTHER_DIGITS);
    expect(dt).toMatch(/15[:.]30|03[:.]30/);
    // Every language names the zone as an offset or a word; "+7" stays readable across the border.
    expect(dt).toMatch(/\+7|ICT|GMT|UTC/);
    expect(formatDateTime('2026-03-01T08:30:00Z', language, { timeZone: 'Asia/Yangon' })).toMatch(/\+6[:.]30|MMT/);
    const date = formatDate('1990-04-17', language);
    expect(date).toContain('1990');
    expect(date).toContain('17');
    expect(date).not.toMatch(OTHER_DIGITS);
  });
  it('myanmar digits never appear though the locale defaults to them', () => {
    expect(new Intl.DateTimeFormat('my', { year: 'numeric' }).format(new Date('2026-03-01T00:00:00Z'))).toMatch(/[\u1040-\u1049]/);
    expect(formatDateTime('2026-03-01T08:30:00Z', 'my', { timeZone: 'Asia/Yangon' })).toMatch(/2026.*15:00|15:00.*2026/);
  });
  it('writes the numeric form where the browser lacks the language (Chromium has no Khmer, Lao or Myanmar data)', () => {
    // "tlh": a language no ICU has, as Khmer, Lao and Myanmar are in Chromium's own ICU data.
    expect(formatDateTime('2026-03-01T08:30:00Z', 'tlh', { timeZone: 'Asia/Bangkok' })).toBe('2026-03-01 15:30 GMT+7');
    expect(formatDateTime('2026-03-01T08:30:00Z', 'tlh', { timeZone: 'Asia/Yangon' })).toBe('2026-03-01 15:00 GMT+6:30');
    expect(formatDate('1990-04-17', 'tlh')).toBe('1990-04-17');
    // Where the data exists the language's own words are kept.
    expect(formatDateTime('2026-03-01T08:30:00Z', 'th', { timeZone: 'Asia/Bangkok' })).toMatch(/มี\.ค\./);
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
