import { objectField, type Fields } from '../fields/fields.js';

export const PARSE_FAILURE_TAG = '_parse_failure';

/** `_parse_failure` for every failure, so one Kibana filter finds them all; then `_<format>_parse_failure`. */
export function failureTags(format: string): readonly [string, string] {
  return [PARSE_FAILURE_TAG, `_${format}_parse_failure`];
}

/**
 * Marks a document whose line did not parse. It keeps its raw `message` and is indexed anyway:
 * a line that Elasticsearch has, tagged, can be found and fixed; a dropped one is gone.
 */
export function markFailure(document: Fields, tags: readonly string[], message: string): void {
  objectField(document, 'error').message = message;
  const existing = document.tags;
  if (Array.isArray(existing)) existing.push(...tags);
  else document.tags = typeof existing === 'string' ? [existing, ...tags] : [...tags];
}
