import type { estypes } from '@elastic/elasticsearch';
import { sleep } from '@logpipe/runtime';
import { Failure } from '../cli/errors.js';
import type { LogDocument } from './format-hit.js';
import type { Search } from './query-command.js';
import { buildQuery, type QueryFilters } from './search-request.js';
import { compareSortKeys, sortKeyOf, type SortKey } from './sort-key.js';

const POLL_MS = 1000;
const PAGE_SIZE = 5000;
/**
 * Every poll looks this far behind the newest line printed and skips what it printed already: a
 * document can become searchable after a newer one (another partition, another transfer worker,
 * the next index refresh), and a plain search_after from the newest would skip it.
 */
const FOLLOW_OVERLAP_MS = 5000;

export interface FollowOptions {
  search: Search;
  filters: QueryFilters;
  /** Filters Elasticsearch does not run (`--regex`). */
  matches: (hit: estypes.SearchHit<LogDocument>) => boolean;
  print: (hit: estypes.SearchHit<LogDocument>) => void;
  /** The lines already printed, oldest first. */
  shown: readonly estypes.SearchHit<LogDocument>[];
  /** Lines at or before this place were left out on purpose (more matched than --limit): never print them. */
  floor: SortKey | undefined;
  interrupted: AbortSignal;
  onFailure: (err: Failure) => void;
  onRecovery: () => void;
}

/**
 * `query --follow`: polls every second and prints each matching line once, in time order as
 * the search sorts it (time, byte offset, event id, so lines of one millisecond keep theirs). A
 * line printed is remembered by its document id for as long as it is inside the overlap, so the
 * next poll neither repeats it nor, with hundreds in one millisecond, skips the rest of them.
 */
export async function followLines(o: FollowOptions): Promise<void> {
  const seen = new Map<string, number>(o.shown.map((hit) => [hit._id!, timeOf(hit)]));
  let newestTime = o.shown.length > 0 ? timeOf(o.shown[o.shown.length - 1]!) : o.filters.to!.getTime();
  let failing = false;
  while (!o.interrupted.aborted) {
    await sleep(POLL_MS, o.interrupted);
    if (o.interrupted.aborted) break;
    const since = new Date(Math.max(o.filters.from.getTime(), newestTime - FOLLOW_OVERLAP_MS));
    const window = buildQuery({ ...o.filters, from: since, to: undefined });
    try {
      let cursor: estypes.SortResults | undefined;
      for (;;) {
        const page = await o.search('asc', PAGE_SIZE, cursor, window);
        for (const hit of page) {
          if (seen.has(hit._id!) || (o.floor && compareSortKeys(sortKeyOf(hit), o.floor) <= 0) || !o.matches(hit)) continue;
          o.print(hit);
          seen.set(hit._id!, timeOf(hit));
          newestTime = Math.max(newestTime, timeOf(hit));
        }
        if (page.length < PAGE_SIZE) break;
        cursor = page[page.length - 1]!.sort;
      }
      if (failing) o.onRecovery();
      failing = false;
    } catch (err) {
      if (!(err instanceof Failure)) throw err;
      if (!failing) o.onFailure(err);
      failing = true;
    }
    for (const [id, time] of seen) if (time < newestTime - FOLLOW_OVERLAP_MS) seen.delete(id);
  }
}

/** `@timestamp` of a hit in epoch milliseconds: the first sort value. */
function timeOf(hit: estypes.SearchHit<LogDocument>): number {
  return Number(hit.sort?.[0] ?? Date.parse(hit._source?.['@timestamp'] ?? ''));
}
