import { formatText, type LogFormat } from './log-format.js';

/**
 * Structured logs, one record a line on stderr, so stdout stays free for command output: JSON
 * for machines, or text for a person at a terminal (see `chooseLogFormat`).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; tests pass an array-backed writer. */
  write?: (line: string) => void;
  fields?: LogFields;
  /** `json` (the default) or `text`; `text` is coloured when `colour` is true. */
  format?: LogFormat;
  colour?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const minimum = SEVERITY[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const base = options.fields ?? {};

  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (SEVERITY[level] < minimum) return;
    const record = { '@timestamp': new Date().toISOString(), 'log.level': level, message: msg, ...base, ...fields };
    write((options.format === 'text' ? formatText(record, options.colour ?? false) : JSON.stringify(record, errorReplacer)) + '\n');
  };

  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** Errors have no enumerable properties, so JSON.stringify would print `{}` for them. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { type: value.name, message: value.message, ...(value.cause ? { cause: String(value.cause) } : {}) };
  }
  return value;
}
