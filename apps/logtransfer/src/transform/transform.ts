import { addFields, type FieldAssignment } from './fields/add-fields.js';
import type { Fields } from './fields/fields.js';
import type { Condition } from './drop/condition.js';
import type { JsonParser } from './parsers/json-parser.js';
import { failureTags, markFailure, PARSE_FAILURE_TAG } from './parsers/parse-failure.js';
import type { Parser } from './parsers/parser.js';

export interface TransformParts {
  parsers: ReadonlyMap<string, Parser>;
  json: JsonParser;
  addFields: readonly FieldAssignment[];
  dropWhen: Condition | undefined;
}

const UNKNOWN_FORMAT_TAGS = [PARSE_FAILURE_TAG, '_unknown_format'] as const;

/**
 * What happens to an event between decoding and indexing, compiled from `[transform]` once:
 * the parser its format selects, then `drop_when`, then `add_fields`. Nothing here throws for
 * bad input: a line that does not parse is indexed with failure tags instead.
 */
export class Transform {
  private readonly parsers: ReadonlyMap<string, Parser>;
  private readonly tags: ReadonlyMap<string, readonly string[]>;
  private readonly json: JsonParser;
  private readonly assignments: readonly FieldAssignment[];
  private readonly dropWhen: Condition | undefined;
  private readonly known: string;

  constructor(parts: TransformParts) {
    this.parsers = parts.parsers;
    this.tags = new Map([...parts.parsers.keys()].map((format) => [format, failureTags(format)]));
    this.json = parts.json;
    this.assignments = parts.addFields;
    this.dropWhen = parts.dropWhen;
    this.known = ['plain', ...parts.parsers.keys()].join(', ');
  }

  /** Parses an agent event's line with the parser its `logpipe.format` names. */
  parse(format: string, line: string, document: Fields): void {
    if (format === 'plain') return;
    const parser = this.parsers.get(format);
    if (parser === undefined) {
      markFailure(document, UNKNOWN_FORMAT_TAGS, `no parser for format ${JSON.stringify(format)}; known formats: ${this.known}`);
      return;
    }
    let failure: string | undefined;
    try {
      failure = parser.parse(line, document);
    } catch (err) {
      // A parser bug must not stop the partition: the line is indexed, tagged, and visible.
      failure = `${format}: parser error: ${(err as Error).message}`;
    }
    if (failure !== undefined) markFailure(document, this.tags.get(format)!, failure);
  }

  /** A JSON object another producer wrote to the topic: the `json` parser's mapping, without re-parsing. */
  mergeJson(json: Fields, text: string, document: Fields): void {
    try {
      this.json.merge(json, text, document);
    } catch (err) {
      markFailure(document, this.tags.get('json')!, `json: parser error: ${(err as Error).message}`);
    }
  }

  /** Whether `finish` changes nothing: no `drop_when`, no `add_fields`. */
  get finishesNothing(): boolean {
    return this.dropWhen === undefined && this.assignments.length === 0;
  }

  /** Applies `drop_when`, then `add_fields`. @returns false when the document is to be dropped. */
  finish(document: Fields): boolean {
    if (this.dropWhen !== undefined && this.dropWhen(document)) return false;
    if (this.assignments.length > 0) addFields(document, this.assignments);
    return true;
  }
}
