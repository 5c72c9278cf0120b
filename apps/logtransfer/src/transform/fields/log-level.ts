/**
 * One spelling per severity in `log.level`, whatever the source wrote, so one Kibana filter
 * (`log.level: warn`) finds Python's WARNING, log4j's WARN and syslog's severity 4 alike.
 * Unknown names are kept, lowercased.
 */
const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['trace', 'trace'],
  ['debug', 'debug'],
  ['dbg', 'debug'],
  ['info', 'info'],
  ['information', 'info'],
  ['informational', 'info'],
  ['notice', 'notice'],
  ['warn', 'warn'],
  ['warning', 'warn'],
  ['error', 'error'],
  ['err', 'error'],
  ['severe', 'error'],
  ['crit', 'critical'],
  ['critical', 'critical'],
  ['alert', 'alert'],
  ['emerg', 'emergency'],
  ['emergency', 'emergency'],
  ['panic', 'emergency'],
  ['fatal', 'fatal'],
]);

/** pino and bunyan write numbers: 10 trace … 60 fatal. */
const NUMERIC: ReadonlyMap<number, string> = new Map([
  [10, 'trace'],
  [20, 'debug'],
  [30, 'info'],
  [40, 'warn'],
  [50, 'error'],
  [60, 'fatal'],
]);

export function normalizeLevel(level: string): string {
  const lower = level.toLowerCase();
  return SYNONYMS.get(lower) ?? lower;
}

/** A level as found in a JSON field; undefined for values that are no level at all. */
export function levelFromValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? normalizeLevel(value) : undefined;
  if (typeof value === 'number') return NUMERIC.get(value) ?? String(value);
  return undefined;
}

/** syslog severities 0–7, in the same vocabulary. */
export const SYSLOG_SEVERITY_LEVELS: readonly string[] = ['emergency', 'alert', 'critical', 'error', 'warn', 'notice', 'info', 'debug'];
