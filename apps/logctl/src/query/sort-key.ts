import type { estypes } from '@elastic/elasticsearch';

/**
 * A hit's place in the time order of `sortFor` (`@timestamp`, byte offset, event id), as the
 * search returned it in `sort`. Comparing two keys orders two lines exactly, even when many
 * share a millisecond.
 */
export type SortKey = readonly (string | number | null)[];

export function sortKeyOf(hit: estypes.SearchHit<unknown>): SortKey {
  return (hit.sort ?? []) as SortKey;
}

/** Negative when `a` comes first in ascending order, positive when `b` does, 0 when equal. */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    // Missing values sort first ascending (`missing: _first` in sortFor).
    if (x === null) return -1;
    if (y === null) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
