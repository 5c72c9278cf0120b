import type { estypes } from '@elastic/elasticsearch';
import { sleep } from '@logpipe/runtime';
import type { RouteSpec } from '@logpipe/schemas';
import { flagOption, stringOption, stringsOption, topicsOption, type CommandContext, type CommandSpec } from '../cli/command.js';
import { Failure, UsageError } from '../cli/errors.js';
import { parseTimeSpec } from '../cli/time-spec.js';
import { withEtcd } from '../connect/etcd-store.js';
import { Elasticsearch } from '../connect/elasticsearch.js';
import { routeRecords, validRoutes } from '../routes/route-records.js';
import { everyIndex, indexFor, topicIndexPattern } from '../routes/index-names.js';
import { formatHit, type LogDocument } from './format-hit.js';
import { buildQuery, sortFor, type QueryFilters, type SortOrder } from './search-request.js';

const DEFAULT_LIMIT = 1000;
const PAGE_SIZE = 5000;
const POLL_MS = 1000;
/**
 * While following, every poll looks this far behind the newest line printed and skips what it
 * printed already: a document can become searchable after a newer one (another partition, another
 * transfer worker, the next index refresh), and a plain search_after from the newest would skip it.
 */
const FOLLOW_OVERLAP_MS = 5000;

export const queryCommand: CommandSpec = {
  path: ['query'],
  summary: 'grep the indexed logs: lines matching a phrase and filters, oldest first; --follow for new ones',
  usage: '[--from 15m] [--to now] [--host H]... [--file GLOB] [--level L]... [--topic T]... [--limit N] [--follow] ["TEXT"]',
  description: [
    'Searches Elasticsearch like grep searches files (after OK Log\'s `query -from 5m -q ...`): TEXT is a',
    'phrase the message must contain (words in order, case-insensitive); without it every line matches.',
    'Lines print oldest first as "TIME HOST FILE: MESSAGE"; with more matches than --limit, the newest N',
    'are shown and a note says so. --follow then polls every second for newer lines and prints them as',
    'they arrive, until Ctrl-C. With --json each line is a JSON document (the indexed fields, _index, _id).',
    '',
    'Times: a duration ago (30s, 15m, 2h, 7d), now, now-1h, or ISO 8601 (2026-01-15T10:00:00Z; UTC when',
    "no zone is given). Indices: the topic's route, else the transfer's [elasticsearch] index pattern",
    '(logs-{topic}-{yyyy.MM.dd}) with every day; --index overrides.',
  ].join('\n'),
  options: {
    from: { type: 'string', value: 'TIME', description: 'oldest @timestamp (default 15m: fifteen minutes ago)' },
    to: { type: 'string', value: 'TIME', description: 'newest @timestamp (default now; not with --follow)' },
    host: { type: 'string', multiple: true, value: 'H', description: 'only lines of this host.name' },
    file: { type: 'string', value: 'GLOB', description: 'only files whose path matches (* and ?; * matches / too)' },
    level: { type: 'string', multiple: true, value: 'L', description: 'only lines of this log.level (comma-separated or repeated: error,warn)' },
    topic: { type: 'string', multiple: true, value: 'T', description: "only this topic's index" },
    limit: { type: 'string', value: 'N', description: `at most N lines, the newest (default ${DEFAULT_LIMIT})` },
    follow: { type: 'boolean', short: 'f', description: 'keep polling and print new lines until Ctrl-C' },
    index: { type: 'string', value: 'PATTERN', description: 'search these indices instead (e.g. logs-*), without looking up routes' },
  },
  positionals: { min: 0, max: Infinity },
  servers: ['elasticsearch', 'etcd', 'routes'],
  examples: [
    'logctl query "connection refused"',
    'logctl query --from 2h --host web-1 --level error,warn timeout',
    "logctl query --file '/var/log/nginx/*' --topic nginx_log --limit 50 'GET /health'",
    'logctl query --follow --host web-1 ERROR',
    'logctl query --from 2026-01-15T10:00:00Z --to 2026-01-15T11:00:00Z --json "payment failed" | jq .message',
  ],
  run: runQuery,
};

async function runQuery(context: CommandContext): Promise<void> {
  const { out } = context;
  const follow = flagOption(context, 'follow');
  const now = new Date();
  const toFlag = stringOption(context, 'to');
  if (follow && toFlag !== undefined) throw new UsageError('query: --follow prints lines up to now and then new ones; leave out --to');
  const filters: QueryFilters = {
    text: context.positionals.length > 0 ? context.positionals.join(' ') : undefined,
    from: parseTimeSpec(stringOption(context, 'from') ?? '15m', now, '--from'),
    to: parseTimeSpec(toFlag ?? 'now', now, '--to'),
    hosts: stringsOption(context, 'host'),
    file: stringOption(context, 'file'),
    levels: stringsOption(context, 'level').flatMap((l) => l.split(',')).map((l) => l.trim()).filter((l) => l.length > 0),
  };
  if (filters.from.getTime() > filters.to!.getTime()) throw new UsageError(`query: --from (${filters.from.toISOString()}) is after --to (${filters.to!.toISOString()})`);
  const limit = parseLimit(stringOption(context, 'limit'));
  const index = await indicesFor(context);
  const query = buildQuery(filters);

  const es = new Elasticsearch(context.settings.elasticsearch());
  try {
    const search = (order: SortOrder, size: number, after: estypes.SortResults | undefined, q: estypes.QueryDslQueryContainer) =>
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
    const print = (hit: estypes.SearchHit<LogDocument>) =>
      out.line(out.json ? JSON.stringify({ _index: hit._index, _id: hit._id, ...hit._source }) : formatHit(hit._source ?? {}, out.colour, filters.text));

    // The newest `limit` lines, fetched newest first and printed oldest first.
    const newest: estypes.SearchHit<LogDocument>[] = [];
    const progress = out.progress();
    let after: estypes.SortResults | undefined;
    while (newest.length <= limit) {
      if (newest.length > 0) progress.update(`fetched ${newest.length} of at most ${limit} lines…`);
      const page = await search('desc', Math.min(PAGE_SIZE, limit + 1 - newest.length), after, query);
      newest.push(...page);
      if (page.length === 0 || newest.length > limit) break;
      after = page[page.length - 1]!.sort;
    }
    progress.done();
    const truncated = newest.length > limit;
    const shown = newest.slice(0, limit).reverse();
    for (const hit of shown) print(hit);
    if (truncated) out.note(`${out.errColour.yellow('note:')} more than ${limit} lines match; showing the newest ${limit} (narrow --from or raise --limit)`);
    if (!follow) return;

    const seen = new Map<string, number>(shown.map((hit) => [hit._id!, timeOf(hit)]));
    let newestTime = shown.length > 0 ? timeOf(shown[shown.length - 1]!) : filters.to!.getTime();
    let failing = false;
    while (!context.interrupted.aborted) {
      await sleep(POLL_MS, context.interrupted);
      if (context.interrupted.aborted) break;
      const since = new Date(Math.max(filters.from.getTime(), newestTime - FOLLOW_OVERLAP_MS));
      const window = buildQuery({ ...filters, from: since, to: undefined });
      try {
        let cursor: estypes.SortResults | undefined;
        for (;;) {
          const page = await search('asc', PAGE_SIZE, cursor, window);
          for (const hit of page) {
            if (seen.has(hit._id!)) continue;
            print(hit);
            seen.set(hit._id!, timeOf(hit));
            newestTime = Math.max(newestTime, timeOf(hit));
          }
          if (page.length < PAGE_SIZE) break;
          cursor = page[page.length - 1]!.sort;
        }
        if (failing) out.note('Elasticsearch answers again; following');
        failing = false;
      } catch (err) {
        if (!(err instanceof Failure)) throw err;
        if (!failing) out.warn(`${err.message}; retrying every second`);
        failing = true;
      }
      for (const [id, time] of seen) if (time < newestTime - FOLLOW_OVERLAP_MS) seen.delete(id);
    }
  } finally {
    await es.close();
  }
}

/** `@timestamp` of a hit in epoch milliseconds: the first sort value. */
function timeOf(hit: estypes.SearchHit<LogDocument>): number {
  return Number(hit.sort?.[0] ?? Date.parse(hit._source?.['@timestamp'] ?? ''));
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
