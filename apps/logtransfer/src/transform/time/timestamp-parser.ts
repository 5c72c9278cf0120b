import { civilToMillis, epochToMillis, fractionToMillis, monthNumber, offsetToMillis } from './civil-time.js';
import { ISO_8601, type TimestampFormat } from './timestamp-format.js';
import type { TimeZone } from './time-zone.js';

const DAY = 86_400_000;
const EPOCH_NUMBER = /^\d{9,19}(?:\.\d+)?$/;

/**
 * Reads times with the configured formats (`[transform] timestamp_formats`) in the configured
 * zone (`[transform] timezone`). Results are epoch milliseconds, or undefined when nothing fits.
 *
 * `readTime` is the ISO time the agent read the line. A format without a year (syslog's
 * `Oct 11 22:14:15`) takes the year that puts the time at most a day after it: the read time, not
 * the clock, so a replay months later gives the same documents.
 */
export class TimestampParser {
  constructor(
    private readonly formats: readonly TimestampFormat[],
    readonly zone: TimeZone,
  ) {}

  /** The first configured format found in `text` (a line's head), tried in configured order. */
  find(text: string, readTime: string): number | undefined {
    for (const format of this.formats) {
      const match = format.search.exec(text);
      if (match === null) continue;
      const millis = matchToMillis(match, format, this.zone, readTime);
      if (!Number.isNaN(millis)) return millis;
    }
    return undefined;
  }

  /**
   * A value that should be a time and nothing else: ISO-8601 first (what structured loggers
   * write), then epoch numbers by magnitude, then the configured formats.
   */
  parse(value: string, readTime: string): number | undefined {
    const iso = ISO_8601.whole.exec(value);
    if (iso !== null) return defined(matchToMillis(iso, ISO_8601, this.zone, readTime));
    if (EPOCH_NUMBER.test(value)) return defined(epochToMillis(Number(value)));
    for (const format of this.formats) {
      const match = format.whole.exec(value);
      if (match === null) continue;
      const millis = matchToMillis(match, format, this.zone, readTime);
      if (!Number.isNaN(millis)) return millis;
    }
    return undefined;
  }
}

function defined(millis: number): number | undefined {
  return Number.isNaN(millis) ? undefined : millis;
}

/** A match of `format` as epoch milliseconds, or NaN when its fields are out of range. */
export function matchToMillis(match: RegExpExecArray, format: TimestampFormat, zone: TimeZone, readTime: string): number {
  const g = format.groups;
  const millis = g.fraction !== 0 ? fractionToMillis(match[g.fraction]) : 0;
  if (g.epoch !== 0) return Number(match[g.epoch]) * g.epochScale + millis;
  const month = g.monthName !== 0 ? monthNumber(match[g.monthName]!) : Number(match[g.month]);
  const day = Number(match[g.day]);
  const hour = Number(match[g.hour]);
  const minute = Number(match[g.minute]);
  const second = g.second !== 0 && match[g.second] !== undefined ? Number(match[g.second]) : 0;
  const offset = g.offset !== 0 ? match[g.offset] : undefined;
  if (g.year === 0) return withInferredYear(month, day, hour, minute, second, millis, zone, readTime);
  const wall = civilToMillis(Number(match[g.year]), month, day, hour, minute, second, millis);
  return offset === undefined ? zone.toUtc(wall) : wall - offsetToMillis(offset);
}

/**
 * RFC 3164 leaves the year out. Take the read time's year; a result more than a day after the
 * read time must be last year's (December lines read in January); and near New Year the zone can
 * be a year ahead of UTC, so January lines may belong to the next year.
 */
export function withInferredYear(month: number, day: number, hour: number, minute: number, second: number, millis: number, zone: TimeZone, readTime: string): number {
  const reference = Date.parse(readTime);
  if (Number.isNaN(reference)) return NaN;
  const year = new Date(reference).getUTCFullYear();
  const latest = reference + DAY;
  if (month === 1) {
    const next = zone.toUtc(civilToMillis(year + 1, month, day, hour, minute, second, millis));
    if (next <= latest) return next;
  }
  const sameYear = zone.toUtc(civilToMillis(year, month, day, hour, minute, second, millis));
  if (sameYear <= latest) return sameYear;
  return zone.toUtc(civilToMillis(year - 1, month, day, hour, minute, second, millis));
}
