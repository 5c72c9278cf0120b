import { styleText } from 'node:util';

/** How log lines are written: JSON for machines (a file, a pipe, a log shipper), text for a person. */
export type LogFormat = 'json' | 'text';
/** `auto`: text when the stream is a terminal, JSON otherwise. */
export const LOG_FORMATS = ['auto', 'json', 'text'] as const;
export type LogFormatSetting = (typeof LOG_FORMATS)[number];

/** The format for `stream`: `auto` is text on a terminal and JSON anywhere else. */
export function chooseLogFormat(setting: LogFormatSetting, stream: { isTTY?: boolean }): LogFormat {
  if (setting !== 'auto') return setting;
  return stream.isTTY ? 'text' : 'json';
}

/** Fields that say who logged: shown before the message rather than after it. */
const WHO = ['service', 'worker', 'component', 'server'] as const;
const LEVEL_STYLE = { debug: 'gray', info: 'green', warn: 'yellow', error: 'red' } as const;

/**
 * One record as a line a person reads: `08:01:02.345 INFO  logagent shipper: message k=v`. The
 * local time of day, since the reader is at a terminal now; the fields after the message in
 * `key=value` form, quoted when they hold spaces. Colour only when `colour` is true.
 */
export function formatText(record: Readonly<Record<string, unknown>>, colour: boolean): string {
  // The caller decided on colour (terminal, NO_COLOR); styleText must not decide again by stdout.
  const paint = (style: Parameters<typeof styleText>[0], text: string) => (colour ? styleText(style, text, { validateStream: false }) : text);
  const time = new Date(String(record['@timestamp']));
  const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${String(time.getMilliseconds()).padStart(3, '0')}`;
  const level = String(record['log.level']) as keyof typeof LEVEL_STYLE;
  const who = WHO.map((key) => record[key]).filter((value) => value !== undefined).join(' ');
  const rest = Object.entries(record)
    .filter(([key]) => key !== '@timestamp' && key !== 'log.level' && key !== 'message' && !(WHO as readonly string[]).includes(key))
    .map(([key, value]) => `${paint('dim', `${key}=`)}${showValue(value)}`);
  return [
    paint('dim', clock),
    paint(LEVEL_STYLE[level] ?? 'white', level.toUpperCase().padEnd(5)),
    ...(who ? [paint('cyan', `${who}:`)] : []),
    String(record.message),
    ...rest,
  ].join(' ');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function showValue(value: unknown): string {
  if (value instanceof Error) return quoteIfNeeded(value.cause ? `${value.message} (cause: ${String(value.cause)})` : value.message);
  if (typeof value === 'string') return quoteIfNeeded(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? v.message : v));
}

function quoteIfNeeded(text: string): string {
  return text === '' || /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}
