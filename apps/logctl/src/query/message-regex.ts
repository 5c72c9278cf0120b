import { UsageError } from '../cli/errors.js';

/**
 * `--regex RE`: a JavaScript regular expression the message must match somewhere, as `grep -E`
 * matches a line. A leading `(?i)` (as in LogQL and Go) makes it case-insensitive.
 * Elasticsearch cannot do this on the message: it is analysed text, and a `regexp` query
 * matches single terms, not the line. So the other filters run in Elasticsearch and this one
 * on the lines they return.
 */
export function compileMessageRegex(text: string): RegExp {
  const caseless = text.startsWith('(?i)');
  const source = caseless ? text.slice(4) : text;
  try {
    return new RegExp(source, caseless ? 'iu' : 'u');
  } catch (err) {
    throw new UsageError(`--regex ${JSON.stringify(text)}: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}; write a JavaScript regular expression, e.g. 'timeout after \\d+ ?ms' or '(?i)error'`);
  }
}
