import { sleep } from '@logpipe/runtime';
import type { RouteSpec } from '@logpipe/schemas';
import { stringOption, topicsOption, type CommandContext, type CommandSpec } from '../cli/command.js';
import { formatBytes, formatCount, renderTable, type Column } from '../cli/table.js';
import { EXIT_FAILURE, Failure } from '../cli/errors.js';
import { withEtcd } from '../connect/etcd-store.js';
import { Elasticsearch } from '../connect/elasticsearch.js';
import { KafkaAdmin } from '../connect/kafka-admin.js';
import { liveAgents, type LiveAgent } from '../agents/live-agents.js';
import { readLiveTransfers, targetTopicConsumers, unconsumedHint, type LiveTransfer } from '../transfers/live-transfers.js';
import { allRecords } from '../targets/target-records.js';
import { routeRecords, validRoutes } from '../routes/route-records.js';
import { indexFor, topicIndexPattern } from '../routes/index-names.js';
import { agentBacklogs, type AgentBacklog } from './agent-backlog.js';
import { sampleEndOffsets, topicStatus, type TopicStatus } from './topic-lag.js';

/** How far apart the two end-offset samples are: long enough for a rate, short enough to wait for. */
const SAMPLE_MS = 1000;

export const statusCommand: CommandSpec = {
  path: ['status'],
  summary: 'the pipeline at a glance: per topic lag and messages/s, per agent backlog, documents today',
  usage: '[--topic T]... [--group G]',
  description: [
    'Per topic: partitions, end offsets, the consumer group\'s lag (end offset minus committed offset; all',
    'retained messages where it committed nothing) and messages/s (end offsets sampled twice, 1 s apart),',
    "and the documents in the topic's index for today (UTC). Per live agent: the backlog, the sum of",
    "logagent_file_backlog_bytes scraped from its metrics URL. Topics default to those of the targets in etcd.",
    'A part that cannot be read (a server down) is reported and the others still shown; the exit code is',
    'then 1.',
  ].join('\n'),
  options: {
    topic: { type: 'string', multiple: true, value: 'T', description: 'a topic to show (default: every topic the targets in etcd write to)' },
    group: { type: 'string', value: 'G', description: "the transfer's consumer group (default logtransfer, or [transfer] group of --transfer-config)" },
  },
  positionals: { min: 0, max: 0 },
  servers: ['etcd', 'kafka', 'elasticsearch', 'routes'],
  examples: ['logctl status', 'logctl status --topic app_log --group logtransfer', 'logctl status --transfer-config /etc/logtransfer/logtransfer.ini --json'],
  run: showStatus,
};

interface EtcdView {
  topics: string[];
  agents: LiveAgent[];
  transfers: LiveTransfer[];
  routes: Map<string, RouteSpec>;
}

async function showStatus(context: CommandContext): Promise<number> {
  const { settings, out } = context;
  const errors: string[] = [];
  const attempt = async <T>(part: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof Failure)) throw err;
      errors.push(`${part}: ${err.message}`);
      return undefined;
    }
  };
  const progress = out.progress();
  const group = settings.group(stringOption(context, 'group'));

  progress.update('reading targets, agents and routes from etcd…');
  const prefix = settings.prefix();
  const transferPrefix = settings.transferPrefix();
  const view = await attempt('etcd', () =>
    withEtcd(settings.etcd(), async (store): Promise<EtcdView> => {
      const listing = await store.list(`${prefix}/`);
      const routes = validRoutes(routeRecords(await store.list(`${transferPrefix}/routes/`), transferPrefix));
      const topics = allRecords(listing, prefix, []).filter((r) => r.errors.length === 0).map((r) => (r.value as { topic: string }).topic);
      return { topics: [...new Set(topics)].sort(), agents: liveAgents(listing, prefix), transfers: await readLiveTransfers(store, transferPrefix), routes };
    }),
  );
  const flagged = topicsOption(context);
  const topics = flagged.length > 0 ? [...new Set(flagged)] : (view?.topics ?? []);

  const kafka = topics.length === 0 ? undefined : await attempt('kafka', () => sampleTopics(context, group, topics, (text) => progress.update(text)));
  const consumers = consumersOf(topics, view, kafka?.groups, prefix);
  progress.update('scraping agents and counting documents…');
  const [backlogs, documents] = await Promise.all([
    agentBacklogs(view?.agents ?? []),
    attempt('elasticsearch', () => countToday(context, topics, view?.routes ?? new Map())),
  ]);
  progress.done();

  if (out.json) {
    out.data({
      group,
      topics: (kafka?.statuses ?? []).map((t) => ({
        topic: t.topic,
        consumed_by: consumers.get(t.topic) ?? null,
        exists: t.exists,
        partitions: t.partitions,
        end_offset: t.endOffset,
        lag: t.lag,
        messages_per_second: t.messagesPerSecond,
        documents_today: documents?.perTopic.get(t.topic) ?? null,
        index_today: documents?.indices.get(t.topic) ?? null,
      })),
      transfers: (view?.transfers ?? []).map((t) => ({ name: t.name, ...(t.status ? { group: t.status.group, host: t.status.host, consuming: t.status.consuming } : { error: t.error }) })),
      agents: backlogs.map((b) => ({ name: b.name, host: b.host ?? null, metrics_url: b.metricsUrl ?? null, backlog_bytes: b.backlogBytes, files: b.files, ...(b.error ? { error: b.error } : {}) })),
      documents_today: documents ? { index: documents.totalIndex, count: documents.total } : null,
      errors,
    });
  } else {
    render(context, group, topics, kafka?.statuses, consumers, view, backlogs, documents);
    for (const error of errors) out.note(`${out.errColour.red('error:')} ${error}`);
  }
  // On stderr, with --json too: a script's log shows it while its data stays clean.
  const nobody = [...consumers].filter(([, groups]) => groups.length === 0).map(([topic]) => topic);
  if (nobody.length > 0) out.warn(unconsumedHint(nobody, prefix, transferPrefix, (view?.transfers.length ?? 0) > 0));
  return errors.length > 0 ? EXIT_FAILURE : 0;
}

/**
 * Who consumes each target topic: the groups of live transfer workers that consume it (or will,
 * once it exists), and any group with a member assigned its partitions (a transfer that does not
 * register in etcd, another consumer). Undefined for a topic when neither etcd nor Kafka could
 * be read: then nothing can be said.
 */
function consumersOf(topics: readonly string[], view: EtcdView | undefined, groups: Map<string, Set<string>> | undefined, agentsPrefix: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  if (!view && !groups) return result;
  const registered = targetTopicConsumers(topics, view?.transfers ?? [], agentsPrefix, (topic) => view?.topics.includes(topic) ?? false);
  for (const topic of topics) result.set(topic, [...new Set([...(registered.get(topic) ?? []), ...(groups?.get(topic) ?? [])])].sort());
  return result;
}

async function sampleTopics(
  context: CommandContext,
  group: string,
  topics: readonly string[],
  report: (text: string) => void,
): Promise<{ statuses: TopicStatus[]; groups: Map<string, Set<string>> }> {
  const admin = await KafkaAdmin.connect(context.settings.kafka());
  try {
    report('sampling end offsets (1/2)…');
    const first = await sampleEndOffsets(admin, topics);
    const started = Date.now();
    await sleep(SAMPLE_MS, context.interrupted);
    report('sampling end offsets (2/2)…');
    const second = await sampleEndOffsets(admin, topics);
    const seconds = (Date.now() - started) / 1000;
    report('reading committed offsets…');
    const statuses: TopicStatus[] = [];
    for (const topic of topics) statuses.push(await topicStatus(admin, group, topic, first.get(topic), second.get(topic), seconds));
    report('reading consumer groups…');
    return { statuses, groups: await admin.consumingGroups() };
  } finally {
    await admin.disconnect();
  }
}

interface DocumentCounts {
  perTopic: Map<string, number>;
  indices: Map<string, string>;
  totalIndex: string;
  total: number;
}

/** Today's (UTC) documents per topic, in the index its route or the transfer's pattern gives, and in all of today's indices. */
async function countToday(context: CommandContext, topics: readonly string[], routes: Map<string, RouteSpec>): Promise<DocumentCounts> {
  const pattern = context.settings.indexPattern();
  const sources = { fallback: pattern, ini: context.settings.iniRoutes(), etcd: routes };
  const today = new Date();
  const es = new Elasticsearch(context.settings.elasticsearch());
  try {
    const count = (index: string) =>
      es.call(`counting ${index}`, async (client) => (await client.count({ index, ignore_unavailable: true, allow_no_indices: true })).count);
    const indices = new Map(topics.map((topic) => [topic, indexFor(topicIndexPattern(topic, sources), topic, today)]));
    const perTopic = new Map<string, number>();
    for (const [topic, index] of indices) perTopic.set(topic, await count(index));
    const totalIndex = indexFor(pattern, undefined, today);
    return { perTopic, indices, totalIndex, total: await count(totalIndex) };
  } finally {
    await es.close();
  }
}

function render(
  context: CommandContext,
  group: string,
  topics: readonly string[],
  kafka: TopicStatus[] | undefined,
  consumers: Map<string, string[]>,
  view: EtcdView | undefined,
  backlogs: AgentBacklog[],
  documents: DocumentCounts | undefined,
): void {
  const { out } = context;
  const { colour } = out;
  const etcdRead = view !== undefined;
  out.line(colour.bold(`Topics (consumer group ${group})`));
  if (topics.length === 0) out.line(`  no topics: ${etcdRead ? 'no targets in etcd' : 'etcd unreachable (see below)'}; name some with --topic`);
  else if (kafka) {
    const docs = (t: TopicStatus) => {
      const count = documents?.perTopic.get(t.topic);
      return count === undefined ? '?' : formatCount(count);
    };
    out.write(
      renderTable(
        kafka,
        [
          { header: 'TOPIC', value: (t) => t.topic },
          { header: 'PARTITIONS', value: (t) => (t.exists ? String(t.partitions.length) : 'missing'), align: 'right' },
          { header: 'END OFFSETS', value: (t) => formatCount(t.endOffset), align: 'right' },
          { header: 'LAG', value: (t) => formatCount(t.lag), align: 'right', style: (text, t) => (t.lag > 0 ? colour.yellow(text) : colour.green(text)) },
          { header: 'MSG/S', value: (t) => t.messagesPerSecond.toFixed(1), align: 'right' },
          { header: 'DOCS TODAY', value: docs, align: 'right' },
          {
            header: 'CONSUMED BY',
            value: (t) => {
              const groups = consumers.get(t.topic);
              return groups === undefined ? '?' : groups.length === 0 ? 'nobody' : groups.join(',');
            },
            style: (text) => (text === 'nobody' ? colour.red(text) : text),
          },
        ],
        colour,
      ),
    );
  } else out.line('  Kafka unreachable (see below)');
  out.line('');
  out.line(colour.bold('Transfer workers'));
  const transfers = view?.transfers ?? [];
  if (transfers.length === 0) out.line(etcdRead ? '  none registered in etcd (a worker with [etcd] enabled = false does not register)' : '  unknown: etcd unreachable (see below)');
  else {
    out.write(
      renderTable(
        transfers,
        [
          { header: 'NAME', value: (t) => t.name },
          { header: 'GROUP', value: (t) => t.status?.group ?? '?' },
          { header: 'HOST', value: (t) => t.status?.host ?? '?' },
          { header: 'CONSUMING', value: (t) => (t.status ? `${t.status.consuming.length} topics` : `? (${t.error ?? ''})`), align: 'right' },
        ],
        colour,
      ),
    );
  }
  out.line('');
  out.line(colour.bold('Agents'));
  if (backlogs.length === 0) out.line(etcdRead ? '  no live agents' : '  unknown: etcd unreachable (see below)');
  else {
    const columns: Column<AgentBacklog>[] = [
      { header: 'NAME', value: (b) => b.name },
      { header: 'HOST', value: (b) => b.host ?? '?' },
      { header: 'BACKLOG', value: (b) => (b.backlogBytes === null ? '?' : formatBytes(b.backlogBytes)), align: 'right', style: (text, b) => (b.backlogBytes ? colour.yellow(text) : text) },
      { header: 'FILES', value: (b) => (b.files === null ? '?' : String(b.files)), align: 'right' },
    ];
    if (backlogs.some((b) => b.error)) columns.push({ header: 'PROBLEM', value: (b) => b.error ?? '', style: (text) => colour.red(text) });
    out.write(renderTable(backlogs, columns, colour));
  }
  out.line('');
  if (documents) out.line(`${colour.bold('Documents indexed today')} (${documents.totalIndex}): ${formatCount(documents.total)}`);
  else out.line(`${colour.bold('Documents indexed today')}: ? (Elasticsearch unreachable)`);
}
