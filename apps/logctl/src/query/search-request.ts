import type { estypes } from '@elastic/elasticsearch';
import { UsageError } from '../cli/errors.js';

export interface QueryFilters {
  /** A phrase `message` must contain (match_phrase: the words in this order, analysed like the message). */
  text?: string | undefined;
  from: Date;
  /** Upper bound of `@timestamp`; none while following. */
  to?: Date | undefined;
  hosts: readonly string[];
  /** A glob over `log.file.path`: `*` and `?`. */
  file?: string | undefined;
  levels: readonly string[];
}

export type SortOrder = 'asc' | 'desc';

/**
 * The search, as an operator greps: `message` matches the phrase, the other flags filter exactly
 * (host names, levels) or by pattern (file path), and `@timestamp` is within the range.
 */
export function buildQuery(filters: QueryFilters): estypes.QueryDslQueryContainer {
  const filter: estypes.QueryDslQueryContainer[] = [
    { range: { '@timestamp': { gte: filters.from.toISOString(), ...(filters.to ? { lte: filters.to.toISOString() } : {}), format: 'strict_date_optional_time' } } },
  ];
  if (filters.hosts.length > 0) filter.push({ terms: { 'host.name': [...filters.hosts] } });
  if (filters.levels.length > 0) filter.push({ terms: { 'log.level': filters.levels.map((level) => level.toLowerCase()) } });
  if (filters.file !== undefined) {
    filter.push(/[*?]/.test(filters.file) ? { wildcard: { 'log.file.path': { value: globToWildcard(filters.file) } } } : { term: { 'log.file.path': filters.file } });
  }
  const must: estypes.QueryDslQueryContainer[] = filters.text ? [{ match_phrase: { message: filters.text } }] : [];
  return { bool: { filter, must } };
}

/**
 * Time order, as grep shows a file: `@timestamp`, then the byte offset (lines of one file read in
 * the same millisecond), then the event id (lines of different files). Unmapped types keep a
 * search over indices without those fields from failing.
 */
export function sortFor(order: SortOrder): estypes.SortCombinations[] {
  const missing = order === 'asc' ? '_first' : '_last';
  return [
    { '@timestamp': { order } },
    { 'log.offset': { order, missing, unmapped_type: 'long' } },
    { 'event.id': { order, missing, unmapped_type: 'keyword' } },
  ];
}

/**
 * A shell glob as an Elasticsearch wildcard: `*` and `**` match any characters (slashes too), `?`
 * one character; brackets and braces are refused rather than silently matched literally.
 */
export function globToWildcard(glob: string): string {
  if (/[[\]{}]/.test(glob)) throw new UsageError(`--file ${JSON.stringify(glob)}: only * and ? are supported (no [..] or {a,b}); use several queries or a wider pattern`);
  return glob.replace(/\*+/g, '*');
}
