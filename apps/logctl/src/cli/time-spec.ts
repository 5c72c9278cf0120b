import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const RELATIVE = /^now-(.+)$/;
/** ISO 8601 as operators type it: a date, or a date and time with an optional zone. */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const HINT = 'use a duration ago (30s, 15m, 2h, 7d), "now", "now-15m", or an ISO 8601 time (2026-01-15T10:00:00Z)';

/** `15m` → 900000. Units: ms, s, m, h, d, w. Returns undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2]!]!;
}

/**
 * A point in time as `--from`/`--to` take it, like OK Log's `-from 5m`: a duration means that
 * long before `now`, `now` is now, and an ISO 8601 time is that time (a time without a zone is
 * UTC, so that every operator gets the same answer from the same command).
 */
export function parseTimeSpec(text: string, now: Date, flag: string): Date {
  const spec = text.trim();
  if (spec === 'now') return now;
  const relative = RELATIVE.exec(spec);
  const ago = parseDuration(relative ? relative[1]! : spec);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  if (ISO.test(spec)) {
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(spec) || !spec.includes(':') ? spec : `${spec}Z`;
    const time = Date.parse(zoned.replace(' ', 'T'));
    if (!Number.isNaN(time)) return new Date(time);
  }
  throw new UsageError(`${flag} ${JSON.stringify(text)}: ${HINT}`);
}
