import type { TimestampParser } from '../time/timestamp-parser.js';
import { objectField, type Fields } from '../fields/fields.js';
import { detectLevel } from './level-detector.js';
import type { Parser } from './parser.js';

/**
 * How much of the first line is searched. Timestamps and levels lead a line in every common
 * layout (log4j's `%d %-5p [%t] %c - %m`, Python's `%(asctime)s %(levelname)s`, Rails'
 * `I, [time #pid]  INFO --`); past that point a word like ERROR is message content.
 */
const HEAD_LENGTH = 160;

/**
 * `text`: unstructured lines, such as application logs and the multiline events (stack traces)
 * the agent joins. Nothing is split out of the message; the level and the time are detected in
 * the head of the first line. Finding neither is no failure: the read time stays `@timestamp`.
 */
export class TextParser implements Parser {
  readonly format = 'text';

  constructor(private readonly timestamps: TimestampParser) {}

  parse(line: string, document: Fields): undefined {
    const newline = line.indexOf('\n');
    const end = newline === -1 ? Math.min(line.length, HEAD_LENGTH) : Math.min(newline, HEAD_LENGTH);
    const head = end === line.length ? line : line.slice(0, end);
    const millis = this.timestamps.find(head, document['@timestamp'] as string);
    if (millis !== undefined) document['@timestamp'] = new Date(millis).toISOString();
    const level = detectLevel(head);
    if (level !== undefined) objectField(document, 'log').level = level;
    return undefined;
  }
}
