import type { TimestampParser } from '../time/timestamp-parser.js';
import { normalizeLevel } from '../fields/log-level.js';
import { setPath, splitPath, type Fields } from '../fields/fields.js';
import { pipelineFieldProblem } from '../fields/pipeline-fields.js';
import { rewriteNamedGroups } from './named-groups.js';
import type { Parser } from './parser.js';

/** ECS fields of type long, converted without a `:int` suffix. */
const ECS_INTEGERS = new Set([
  'http.response.status_code', 'http.response.body.bytes', 'http.response.bytes', 'http.request.body.bytes', 'http.request.bytes',
  'process.pid', 'process.thread.id', 'source.port', 'destination.port', 'client.port', 'server.port', 'url.port',
  'source.bytes', 'destination.bytes', 'event.duration', 'event.sequence',
]);
const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type Kind = 'string' | 'int' | 'float' | 'timestamp' | 'level';

interface Group {
  name: string;
  field: string;
  path: string[];
  kind: Kind;
}

/**
 * `regex`: the `[transform] regex` pattern; each named group becomes the field it is named after.
 * `@timestamp` is read with the configured timestamp formats, `log.level` is normalised, and
 * `message` replaces the message. Groups that did not take part in the match set nothing.
 */
export class RegexParser implements Parser {
  readonly format = 'regex';
  private readonly regex: RegExp;
  private readonly groups: Group[];
  /** Reused between calls: parsing is synchronous, so one buffer serves every message. */
  private readonly values: unknown[];

  /** @throws Error saying what is wrong with the pattern. */
  constructor(
    pattern: string,
    private readonly timestamps: TimestampParser,
  ) {
    const { source, groups } = rewriteNamedGroups(pattern);
    if (groups.length === 0) throw new Error('has no named group like (?<http.response.status_code>\\d{3}); every field comes from one');
    try {
      this.regex = new RegExp(source);
    } catch (err) {
      throw new Error(`is not a valid regular expression: ${(err as Error).message}`);
    }
    this.groups = groups.map(({ path, type }, index) => {
      const parts = splitPath(path);
      if (path !== '@timestamp' && path !== 'message') {
        const problem = pipelineFieldProblem(parts);
        if (problem !== undefined) throw new Error(`group ${path}: ${problem}`);
      }
      const kind: Kind =
        path === '@timestamp' ? 'timestamp' : path === 'log.level' ? 'level' : type !== 'string' ? type : ECS_INTEGERS.has(path) ? 'int' : 'string';
      return { name: `g${index}`, field: path, path: parts, kind };
    });
    this.values = new Array<unknown>(groups.length);
  }

  parse(line: string, document: Fields): string | undefined {
    const match = this.regex.exec(line);
    if (match === null) return 'regex: the line does not match [transform] regex';
    const captured = match.groups!;
    const readTime = document['@timestamp'] as string;
    const values = this.values;
    for (let i = 0; i < this.groups.length; i++) {
      const group = this.groups[i]!;
      const text = captured[group.name];
      if (text === undefined) {
        values[i] = undefined;
        continue;
      }
      switch (group.kind) {
        case 'string':
          values[i] = text;
          break;
        case 'level':
          values[i] = normalizeLevel(text);
          break;
        case 'int':
          if (!INTEGER.test(text)) return `regex: ${group.field} ${JSON.stringify(text)} is not an integer`;
          values[i] = Number(text);
          break;
        case 'float':
          if (!FLOAT.test(text)) return `regex: ${group.field} ${JSON.stringify(text)} is not a number`;
          values[i] = Number(text);
          break;
        case 'timestamp': {
          const millis = this.timestamps.parse(text, readTime);
          if (millis === undefined) return `regex: @timestamp ${JSON.stringify(text)} matches none of [transform] timestamp_formats`;
          values[i] = new Date(millis).toISOString();
          break;
        }
      }
    }
    for (let i = 0; i < this.groups.length; i++) {
      if (values[i] !== undefined) setPath(document, this.groups[i]!.path, values[i], true);
    }
    return undefined;
  }
}
