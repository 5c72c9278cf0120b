/**
 * Arithmetic on calendar fields as log lines write them, without `Date` parsing: `Date.parse`
 * reads zone-less strings in the process's zone and accepts impossible dates, and both would
 * silently misplace lines.
 */

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['Jan', 1], ['Feb', 2], ['Mar', 3], ['Apr', 4], ['May', 5], ['Jun', 6],
  ['Jul', 7], ['Aug', 8], ['Sep', 9], ['Oct', 10], ['Nov', 11], ['Dec', 12],
]);

/** The regex alternation of English month abbreviations, as syslog and access logs write them. */
export const MONTH_NAMES = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';

/** 1–12, or 0 for anything else. */
export function monthNumber(name: string): number {
  return MONTHS.get(name) ?? 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}

/**
 * Milliseconds since the epoch of a wall-clock time read as if it were UTC, or NaN when a field
 * is out of range (month 13, 31 April, 25 o'clock). A leap second (60) is accepted and lands on
 * the next minute, as `Date` does.
 */
export function civilToMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 60 || !(hour >= 0 && minute >= 0 && second >= 0)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** `'5'` → 500, `'123456'` → 123: fractions of a second to whole milliseconds (truncated). */
export function fractionToMillis(digits: string | undefined): number {
  if (digits === undefined || digits.length === 0) return 0;
  if (digits.length >= 3) return Number(digits.slice(0, 3));
  return digits.length === 2 ? Number(digits) * 10 : Number(digits) * 100;
}

/**
 * `Z`, `+02:00`, `-0700`, `+05` → the offset east of UTC in milliseconds, or NaN. Access logs
 * write `-0700`, RFC 3339 `-07:00`; both are common enough to accept everywhere.
 */
export function offsetToMillis(offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset.charCodeAt(0) === 0x2d /* - */ ? -1 : 1;
  const hours = Number(offset.slice(1, 3));
  const minutes = offset.length > 3 ? Number(offset.slice(offset.length - 2)) : 0;
  if (!(hours <= 23 && minutes <= 59)) return NaN;
  return sign * (hours * 60 + minutes) * 60_000;
}

/**
 * Epoch time of unknown unit, as JSON loggers write it: pino milliseconds, zap and structlog
 * float seconds, some Go loggers micro- or nanoseconds. Told apart by magnitude, which is
 * unambiguous for any date after 1973.
 */
export function epochToMillis(value: number): number {
  if (!Number.isFinite(value) || value < 0) return NaN;
  if (value < 1e12) return Math.trunc(value * 1000);
  if (value < 1e15) return Math.trunc(value);
  if (value < 1e18) return Math.trunc(value / 1000);
  return Math.trunc(value / 1e6);
}
