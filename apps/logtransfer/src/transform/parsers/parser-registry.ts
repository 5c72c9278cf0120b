import type { TimestampParser } from '../time/timestamp-parser.js';
import { AccessLogParser } from './access-log-parser.js';
import { JsonParser } from './json-parser.js';
import type { Parser } from './parser.js';
import { RegexParser } from './regex-parser.js';
import { SyslogParser } from './syslog-parser.js';
import { TextParser } from './text-parser.js';

/** Format names with a parser; `plain` has none, on purpose: it costs nothing. */
export const FORMATS = ['plain', 'text', 'json', 'nginx', 'apache', 'syslog', 'regex'] as const;

export interface ParserOptions {
  timestamps: TimestampParser;
  /** `[transform] regex`, compiled; without one, events of format `regex` fail with a hint. */
  regex?: RegexParser | undefined;
}

/** One parser per format, built once at startup and shared by every message. */
export function createParsers(options: ParserOptions): { parsers: Map<string, Parser>; json: JsonParser } {
  const { timestamps } = options;
  const json = new JsonParser(timestamps);
  const parsers = new Map<string, Parser>([
    ['text', new TextParser(timestamps)],
    ['json', json],
    ['nginx', new AccessLogParser('nginx', timestamps.zone)],
    ['apache', new AccessLogParser('apache', timestamps.zone)],
    ['syslog', new SyslogParser(timestamps.zone)],
    ['regex', options.regex ?? UNCONFIGURED_REGEX],
  ]);
  return { parsers, json };
}

const UNCONFIGURED_REGEX: Parser = {
  format: 'regex',
  parse: () => 'regex: the format is regex, but [transform] regex is not set',
};
