/**
 * Dates as officers of six countries read them: always the Gregorian calendar (Thai locales default to
 * the Buddhist era), the full year, and the time zone spelled out, so "03:00" is never ambiguous across
 * a border. The time zone is the browser's unless one is given. Digits are Latin in every language
 * (Myanmar's locale defaults to Myanmar digits): see numbers.ts for why.
 */
import { NUMBERING_SYSTEM } from './numbers';

export interface DateOptions {
  timeZone?: string;
}

// Building an Intl.DateTimeFormat costs far more than using one; a list page formats hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { calendar: 'gregory', numberingSystem: NUMBERING_SYSTEM, ...opts });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Whether this browser has the language's calendar texts. Chromium's own ICU data leaves out Khmer, Lao
 * and Myanmar, and would silently write their dates in American English or as "2026 M12 2"; those get
 * the numeric form instead, which reads the same on both sides of every border.
 */
function hasCalendarTexts(language: string): boolean {
  let known = calendarTexts.get(language);
  if (known === undefined) {
    const f = new Intl.DateTimeFormat(language, { month: 'short' });
    // Another language answering, or ICU's root data ("M3" for March) standing in for the language's own.
    const month = f.formatToParts(new Date(Date.UTC(2026, 2, 15))).find((p) => p.type === 'month')?.value ?? '';
    known = f.resolvedOptions().locale.split('-')[0] === language.split('-')[0] && !/^M\d+$/.test(month);
    calendarTexts.set(language, known);
  }
  return known;
}
const calendarTexts = new Map<string, boolean>();

/** 2026-03-01 15:30 GMT+7: the parts by name, so no locale's order or digits can slip in. */
function numeric(date: Date, timeZone: string | undefined, withTime: boolean): string {
  const parts = formatter('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
    timeZone,
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${part('year')}-${part('month')}-${part('day')}`;
  return withTime ? `${day} ${part('hour')}:${part('minute')} ${part('timeZoneName')}` : day;
}

export function formatDateTime(iso: string | undefined, language: string, options: DateOptions = {}): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (!hasCalendarTexts(language)) return numeric(date, options.timeZone, true);
  return formatter(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: options.timeZone,
  }).format(date);
}

/** A calendar date (YYYY-MM-DD, no time of day): shown without a time zone shift. */
export function formatDate(isoDate: string | undefined, language: string): string {
  if (!isoDate) return '';
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  if (!hasCalendarTexts(language)) return numeric(date, 'UTC', false);
  return formatter(language, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Remaining time as days, hours and minutes (negative: overdue by). */
export function splitDuration(ms: number): { negative: boolean; days: number; hours: number; minutes: number; seconds: number } {
  const negative = ms < 0;
  let rest = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  return { negative, days, hours, minutes, seconds: rest - minutes * 60 };
}

/** `<input type="datetime-local">` value (local wall time) → ISO 8601 with the browser's offset. */
export function localInputToIso(value: string): string {
  if (!value) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:00` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The browser's time zone name, for labels next to date inputs. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
