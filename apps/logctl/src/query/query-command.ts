import type { estypes } from '@elastic/elasticsearch';
import type { RouteSpec } from '@logpipe/schemas';
import { flagOption, stringOption, stringsOption, topicsOption, type CommandContext, type CommandSpec } from '../cli/command.js';
import { Failure, UsageError } from '../cli/errors.js';
import { parseTimeSpec } from '../cli/time-spec.js';
import { withEtcd } from '../connect/etcd-store.js';
import { Elasticsearch } from '../connect/elasticsearch.js';
import { routeRecords, validRoutes } from '../routes/route-records.js';
import { everyIndex, indexFor, topicIndexPattern } from '../routes/index-names.js';
import { formatHit, type LogDocument } from './format-hit.js';
import { followLines } from './follow-lines.js';
import { compileMessageRegex } from './message-regex.js';
import { printStats } from './print-stats.js';
import { statsAggregations, statsFromResponse, StatsTally, type MatchStats } from './match-stats.js';
import { buildQuery, sortFor, type QueryFilters, type SortOrder } from './search-request.js';
import { sortKeyOf } from './sort-key.js';

const DEFAULT_LIMIT = 1000;
const PAGE_SIZE = 5000;

export const queryCommand: CommandSpec = {
  path: ['query'],
  summary: 'grep the indexed logs: lines matching a phrase, a regex and filters, oldest first; --stats counts them; --follow for new ones',
  usage: '[--since 15m | --from TIME] [--to TIME] [--host H]... [--file GLOB] [--level L]... [--topic T]... [--regex RE] [--limit N] [--stats | --follow] ["TEXT"]',
  description: [
    'Searches Elasticsearch like grep searches files (after OK Log\'s `query -from 5m -q ...` and logcli):',
    'TEXT is a phrase the message must contain (words in order, case-insensitive); --regex a regular',
    'expression it must match, as grep -E would ((?i) first for any case). Without either, every line',
    'matches. Lines print oldest first as "TIME HOST FILE: MESSAGE"; with more matches than --limit, the',
    'newest N are shown and a note says so. --stats prints how many lines match, per index and per host,',
    'and their time span, instead of the lines. --follow then polls every second for newer lines and',
    'prints each once, in order, until Ctrl-C. With --json each line is a JSON document (the indexed',
    'fields, _index, _id).',
    '',
    'Times: a duration ago (30s, 15m, 2h, 7d), now, now-1h, or ISO 8601 (2026-01-15T10:00:00Z; UTC when',
    "no zone is given). Indices: the topic's route, else the transfer's [elasticsearch] index pattern",
    '(logs-{topic}-{yyyy.MM.dd}) with every day; --index overrides. --regex runs on the lines the other',
    'filters return (Elasticsearch holds the message as words, not as a line), so narrow those for speed.',
  ].join('\n'),
  options: {
    since: { type: 'string', value: 'TIME', description: 'oldest @timestamp (default 15m: fifteen minutes ago); the same as --from' },
    from: { type: 'string', value: 'TIME', description: 'oldest @timestamp, like --since' },
    to: { type: 'string', value: 'TIME', description: 'newest @timestamp (default now; not with --follow)' },
    host: { type: 'string', multiple: true, value: 'H', description: 'only lines of this host.name' },
    file: { type: 'string', value: 'GLOB', description: 'only files whose path matches (* and ?; * matches / too)' },
    level: { type: 'string', multiple: true, value: 'L', description: 'only lines of this log.level (comma-separated or repeated: error,warn)' },
    topic: { type: 'string', multiple: true, value: 'T', description: "only this topic's index" },
    regex: { type: 'string', value: 'RE', description: 'only lines whose message matches this regular expression ((?i) first: any case)' },
    limit: { type: 'string', value: 'N', description: `at most N lines, the newest (default ${DEFAULT_LIMIT})` },
    stats: { type: 'boolean', description: 'print how many lines match, per index and per host, and their time span, not the lines' },
    follow: { type: 'boolean', short: 'f', description: 'keep polling and print new lines until Ctrl-C' },
    index: { type: 'string', value: 'PATTERN', description: 'search these indices instead (e.g. logs-*), without looking up routes' },
  },
  positionals: { min: 0, max: Infinity },
  servers: ['elasticsearch', 'etcd', 'routes'],
  examples: [
    'logctl query "connection refused"',
    'logctl query --since 2h --host web-1 --level error,warn timeout',
    "logctl query --file '/var/log/nginx/*' --topic nginx_log --limit 50 'GET /health'",
    "logctl query --topic nginx_log --regex '\" 5\\d\\d ' --stats",
    'logctl query --follow --host web-1 --regex "(?i)error|fatal"',
    'logctl query --from 2026-01-15T10:00:00Z --to 2026-01-15T11:00:00Z --json "payment failed" | jq .message',
  ],
  run: runQuery,
};

/** One search of the chosen indices, sorted in time order, a page at a time. */
export type Search = (order: SortOrder, size: number, after: estypes.SortResults | undefined, query: estypes.QueryDslQueryContainer) => Promise<estypes.SearchHit<LogDocument>[]>;

async function runQuery(context: CommandContext): Promise<void> {
  const { out } = context;
  const follow = flagOption(context, 'follow');
  const stats = flagOption(context, 'stats');
  const now = new Date();
  const toFlag = stringOption(context, 'to');
  const fromFlag = stringOption(context, 'from');
  const sinceFlag = stringOption(context, 'since');
  if (follow && toFlag !== undefined) throw new UsageError('query: --follow prints lines up to now and then new ones; leave out --to');
  if (follow && stats) throw new UsageError('query: --stats counts the lines there are; it cannot --follow');
  if (stats && stringOption(context, 'limit') !== undefined) throw new UsageError('query: --stats counts every matching line; leave out --limit');
  if (fromFlag !== undefined && sinceFlag !== undefined) throw new UsageError('query: --since and --from say the same; give one');
  const regexText = stringOption(context, 'regex');
  const regex = regexText === undefined ? undefined : compileMessageRegex(regexText);
  const filters: QueryFilters = {
    text: context.positionals.length > 0 ? context.positionals.join(' ') : undefined,
    from: parseTimeSpec(fromFlag ?? sinceFlag ?? '15m', now, fromFlag !== undefined ? '--from' : '--since'),
    to: parseTimeSpec(toFlag ?? 'now', now, '--to'),
    hosts: stringsOption(context, 'host'),
    file: stringOption(context, 'file'),
    levels: stringsOption(context, 'level').flatMap((l) => l.split(',')).map((l) => l.trim()).filter((l) => l.length > 0),
  };
  if (filters.from.getTime() > filters.to!.getTime()) throw new UsageError(`query: --from (${filters.from.toISOString()}) is after --to (${filters.to!.toISOString()})`);
  const limit = parseLimit(stringOption(context, 'limit'));
  const index = await indicesFor(context);
  const query = buildQuery(filters);
  const matches = (hit: estypes.SearchHit<LogDocument>) => regex === undefined || regex.test(hit._source?.message ?? '');

  const es = new Elasticsearch(context.settings.elasticsearch());
  try {
    const search: Search = (order, size, after, q) =>
      es.call(`searching ${index}`, async (client) => {
        const response = await client.search<LogDocument>({
          index,
          query: q,
          sort: sortFor(order),
          size,
          ...(after ? { search_after: after } : {}),
          track_total_hits: false,
          ignore_unavailable: true,
          allow_no_indices: true,
        });
        return response.hits.hits;
      });
    if (stats) {
      printStats(out, regex ? await tallyMatches(search, query, matches, out) : await aggregate(es, index, query), regexText);
      return;
    }
    const print = (hit: estypes.SearchHit<LogDocument>) =>
      out.line(out.json ? JSON.stringify({ _index: hit._index, _id: hit._id, ...hit._source }) : formatHit(hit._source ?? {}, out.colour, filters.text));

    // The newest `limit` matching lines, fetched newest first and printed oldest first.
    const newest: estypes.SearchHit<LogDocument>[] = [];
    const progress = out.progress();
    let scanned = 0;
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await search('desc', regex ? PAGE_SIZE : Math.min(PAGE_SIZE, limit + 1 - newest.length), after, query);
      scanned += page.length;
      for (const hit of page) if (newest.length <= limit && matches(hit)) newest.push(hit);
      if (page.length === 0 || newest.length > limit) break;
      after = page[page.length - 1]!.sort;
      progress.update(regex ? `scanned ${scanned} lines, ${newest.length} match…` : `fetched ${newest.length} of at most ${limit} lines…`);
    }
    progress.done();
    const truncated = newest.length > limit;
    const shown = newest.slice(0, limit).reverse();
    for (const hit of shown) print(hit);
    if (truncated) out.note(`${out.errColour.yellow('note:')} more than ${limit} lines match; showing the newest ${limit} (narrow --since or raise --limit)`);
    if (!follow) return;
    await followLines({
      search,
      filters,
      matches,
      print,
      shown,
      // The newest line not shown: it and everything older stay unshown, as the user asked for N.
      floor: truncated ? sortKeyOf(newest[limit]!) : undefined,
      interrupted: context.interrupted,
      onFailure: (err) => out.warn(`${err.message}; retrying every second`),
      onRecovery: () => out.note('Elasticsearch answers again; following'),
    });
  } finally {
    await es.close();
  }
}

/** --stats without --regex: Elasticsearch counts, in one search. */
async function aggregate(es: Elasticsearch, index: string, query: estypes.QueryDslQueryContainer): Promise<MatchStats> {
  return es.call(`counting in ${index}`, async (client) => {
    const response = await client.search({ index, query, size: 0, track_total_hits: true, aggs: statsAggregations(), ignore_unavailable: true, allow_no_indices: true });
    const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
    return statsFromResponse(total, response.aggregations as Record<string, unknown> | undefined);
  });
}

/** --stats with --regex: every line the other filters return is read and tested here. */
async function tallyMatches(search: Search, query: estypes.QueryDslQueryContainer, matches: (hit: estypes.SearchHit<LogDocument>) => boolean, out: CommandContext['out']): Promise<MatchStats> {
  const tally = new StatsTally();
  const progress = out.progress();
  let scanned = 0;
  let after: estypes.SortResults | undefined;
  for (;;) {
    const page = await search('asc', PAGE_SIZE, after, query);
    scanned += page.length;
    for (const hit of page) if (matches(hit)) tally.add(hit._index, hit._source?.host?.name, hit._source?.['@timestamp']);
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]!.sort;
    progress.update(`scanned ${scanned} lines, ${tally.result().total} match…`);
  }
  progress.done();
  return tally.result();
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) throw new UsageError(`--limit ${JSON.stringify(text)}: must be a whole number from 1 to 1000000`);
  return limit;
}

/**
 * The indices to search: --index as given; else, per --topic, the index its route names (etcd,
 * then the transfer's [routes]) or the transfer's pattern, with every day; without --topic, the
 * pattern's every topic and day plus every routed index. etcd routes are read from etcd; when it
 * is unreachable they are left out, with a warning.
 */
async function indicesFor(context: CommandContext): Promise<string> {
  const { settings, out } = context;
  const explicit = stringOption(context, 'index');
  if (explicit !== undefined) return explicit;
  const fallback = settings.indexPattern();
  let etcd = new Map<string, RouteSpec>();
  try {
    const prefix = settings.transferPrefix();
    etcd = await withEtcd(settings.etcd(), async (store) => validRoutes(routeRecords(await store.list(`${prefix}/routes/`), prefix)));
  } catch (err) {
    if (!(err instanceof Failure)) throw err;
    out.warn(`cannot read the routes in etcd, so indices they name are not searched: ${err.message}`);
  }
  const sources = { fallback, ini: settings.iniRoutes(), etcd };
  const topics = topicsOption(context);
  const indices = topics.length > 0 ? topics.map((topic) => indexFor(topicIndexPattern(topic, sources), topic, undefined)) : everyIndex(sources);
  return [...new Set(indices)].join(',');
}
