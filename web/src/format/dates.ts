/**
 * Dates as officers of six countries read them: always the Gregorian calendar (Thai locales default to
 * the Buddhist era), the full year, and the time zone spelled out, so "03:00" is never ambiguous across
 * a border. The time zone is the browser's unless one is given.
 */
export interface DateOptions {
  timeZone?: string;
}

// Building an Intl.DateTimeFormat costs far more than using one; a list page formats hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { calendar: 'gregory', ...opts });
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string | undefined, language: string, options: DateOptions = {}): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
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
