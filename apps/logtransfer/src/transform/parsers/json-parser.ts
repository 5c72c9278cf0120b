import { epochToMillis } from '../time/civil-time.js';
import type { TimestampParser } from '../time/timestamp-parser.js';
import { levelFromValue } from '../fields/log-level.js';
import { isObject, objectField, ownValue, setOwn, type Fields } from '../fields/fields.js';
import { mergeField } from './json-merge.js';
import type { Parser } from './parser.js';

/** Where JSON loggers put the message, level and time, most specific first. */
const MESSAGE_KEYS = ['message', 'msg', 'event'] as const;
const LEVEL_KEYS = ['log.level', 'level', 'severity'] as const;
const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts'] as const;

/**
 * `json`: a line holding one JSON object (pino, bunyan, structlog, zap, logrus, ECS loggers),
 * merged into the event with the common keys mapped to ECS:
 *
 * - `message` / `msg` / structlog's `event` (a string) → `message`; without one, the line stays
 *   the message. A string `event` next to a message becomes `event.action`.
 * - `log.level` / `level` / `severity` → `log.level`, normalised (pino's 30 → `info`).
 * - `@timestamp` / `timestamp` / `time` / `ts` → `@timestamp`, the first that parses; none keeps
 *   the read time.
 * - `error` (a string) → `error.message`; `err` (pino/bunyan's serialised error) → `error.*`
 *   with `stack` as `error.stack_trace`; `pid` → `process.pid`; `hostname` → `host.hostname`;
 *   `logger` → `log.logger`.
 * - Everything else is merged as it is. Keys that would overwrite a pipeline field are left
 *   out, and the raw line is then kept in `event.original` so nothing is lost.
 */
export class JsonParser implements Parser {
  readonly format = 'json';

  constructor(private readonly timestamps: TimestampParser) {}

  parse(line: string, document: Fields): string | undefined {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      return `json: ${(err as Error).message}`;
    }
    if (!isObject(value)) return `json: the line is ${Array.isArray(value) ? 'an array' : typeof value}, not a JSON object`;
    this.merge(value, line, document);
    return undefined;
  }

  /** Merges an already parsed object: a JSON line, or a JSON message from another producer. */
  merge(json: Fields, line: string, document: Fields): void {
    const messageKey = firstString(json, MESSAGE_KEYS);
    const levelKey = firstLevel(json);
    const { key: timeKey, millis } = this.firstTime(json, document['@timestamp'] as string);
    let complete = true;
    for (const key of Object.keys(json)) {
      const value = json[key];
      if (key === messageKey || key === levelKey || key === timeKey) continue;
      switch (key) {
        // An unparseable `@timestamp` cannot go into a date field, nor a non-string `message` into
        // a text field searched as one: the raw line keeps them.
        case '@timestamp':
        case 'message':
          complete = false;
          continue;
        case 'event':
          if (typeof value === 'string') {
            objectField(document, 'event').action = value;
            continue;
          }
          break;
        case 'error':
          if (typeof value === 'string') {
            objectField(document, 'error').message = value;
            continue;
          }
          break;
        case 'err':
          if (typeof value === 'string' || isObject(value)) {
            writeError(document, value);
            continue;
          }
          break;
        case 'pid':
          if (typeof value === 'number') {
            objectField(document, 'process').pid = value;
            continue;
          }
          break;
        case 'hostname':
          if (typeof value === 'string') {
            objectField(document, 'host').hostname = value;
            continue;
          }
          break;
        case 'logger':
          if (typeof value === 'string') {
            objectField(document, 'log').logger = value;
            continue;
          }
          break;
        default:
          break;
      }
      if (!mergeField(document, key, value)) complete = false;
    }
    if (messageKey !== undefined) document.message = json[messageKey];
    if (levelKey !== undefined) objectField(document, 'log').level = levelFromValue(json[levelKey]);
    if (millis !== undefined) document['@timestamp'] = new Date(millis).toISOString();
    if (!complete) objectField(document, 'event').original = line;
  }

  private firstTime(json: Fields, readTime: string): { key: string | undefined; millis: number | undefined } {
    for (const key of TIME_KEYS) {
      const value = ownValue(json, key);
      const millis =
        typeof value === 'string' ? this.timestamps.parse(value, readTime) : typeof value === 'number' ? epochToMillis(value) : undefined;
      if (millis !== undefined && !Number.isNaN(millis)) return { key, millis };
    }
    return { key: undefined, millis: undefined };
  }
}

function firstString(json: Fields, keys: readonly string[]): string | undefined {
  for (const key of keys) if (typeof ownValue(json, key) === 'string') return key;
  return undefined;
}

function firstLevel(json: Fields): string | undefined {
  for (const key of LEVEL_KEYS) if (levelFromValue(ownValue(json, key)) !== undefined) return key;
  return undefined;
}

/** pino and bunyan serialise errors as `{type, message, stack, …}`. */
function writeError(document: Fields, err: string | Fields): void {
  const error = objectField(document, 'error');
  if (typeof err === 'string') {
    error.message = err;
    return;
  }
  for (const key of Object.keys(err)) setOwn(error, key === 'stack' ? 'stack_trace' : key, err[key]);
}
