import type { estypes } from '@elastic/elasticsearch';

/** How many lines match, where and when, without the lines: `logctl query --stats`. */
export interface MatchStats {
  total: number;
  perIndex: Map<string, number>;
  perHost: Map<string, number>;
  /** `@timestamp` of the oldest and the newest match; undefined when none match. */
  first?: string | undefined;
  last?: string | undefined;
}

/** Terms beyond this many indices or hosts are summed into `other` rather than listed. */
export const STATS_BUCKETS = 1000;

/** The aggregations that count matches per index and host and find their time span, in one search. */
export function statsAggregations(): Record<string, estypes.AggregationsAggregationContainer> {
  return {
    indices: { terms: { field: '_index', size: STATS_BUCKETS } },
    hosts: { terms: { field: 'host.name', size: STATS_BUCKETS, missing: '-' } },
    first: { min: { field: '@timestamp' } },
    last: { max: { field: '@timestamp' } },
  };
}

interface Buckets {
  buckets: { key: string; doc_count: number }[];
  sum_other_doc_count?: number;
}

/** The search response's total and aggregations as MatchStats. */
export function statsFromResponse(total: number, aggregations: Record<string, unknown> | undefined): MatchStats {
  const counts = (name: string): Map<string, number> => {
    const agg = aggregations?.[name] as Buckets | undefined;
    const map = new Map((agg?.buckets ?? []).map((b) => [String(b.key), b.doc_count]));
    if (agg?.sum_other_doc_count) map.set('other', agg.sum_other_doc_count);
    return map;
  };
  const time = (name: string) => (aggregations?.[name] as { value_as_string?: string } | undefined)?.value_as_string;
  return { total, perIndex: counts('indices'), perHost: counts('hosts'), first: total > 0 ? time('first') : undefined, last: total > 0 ? time('last') : undefined };
}

/** The same counts made from the lines themselves, for a filter Elasticsearch cannot run (`--regex`). */
export class StatsTally {
  private readonly stats: MatchStats = { total: 0, perIndex: new Map(), perHost: new Map() };

  add(index: string, host: string | undefined, timestamp: string | undefined): void {
    const s = this.stats;
    s.total++;
    s.perIndex.set(index, (s.perIndex.get(index) ?? 0) + 1);
    const name = host ?? '-';
    s.perHost.set(name, (s.perHost.get(name) ?? 0) + 1);
    if (timestamp !== undefined) {
      if (s.first === undefined || timestamp < s.first) s.first = timestamp;
      if (s.last === undefined || timestamp > s.last) s.last = timestamp;
    }
  }

  result(): MatchStats {
    return this.stats;
  }
}

/** "14m 58s", "2h 4m", "350ms": the span between the oldest and newest match. */
export function formatSpan(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (ms < 1000) return `${ms}ms`;
  const s = Math.floor(ms / 1000);
  const parts: [number, string][] = [[Math.floor(s / 86400), 'd'], [Math.floor((s % 86400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']];
  return parts.filter(([n]) => n > 0).slice(0, 2).map(([n, unit]) => `${n}${unit}`).join(' ') || '0s';
}
