import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import type { Kafka, KafkaAdmin } from '@logpipe/kafka';
import { FileEventEncoder, fileKey } from '@logpipe/event';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { AppProcess } from '../support/app-process.js';
import { countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { createTopics, produce as produceMessages, readTopicRecords, testKafka, type TestMessage } from '../support/kafka.js';
import { uniqueNames } from '../support/unique-names.js';

/** Every test's events carry this day, so they land in one known daily index, midnight or not. */
export const EVENT_DAY = '2026-01-15';

export interface TransferOptions {
  /** Consumer group (default: the fixture's own). */
  group?: string;
  /** Elasticsearch URL the transfer uses: a TcpProxy in front of the real one, for example. */
  elasticsearchUrl?: string;
  /** `[kafka] topics` (default: the fixture's topic). */
  topics?: string;
  /** `[elasticsearch] index` (default `logs-{topic}-{yyyy.MM.dd}`). */
  index?: string;
  /** Extra INI lines per section; `routes` is written only when given. */
  ini?: Partial<Record<'transfer' | 'kafka' | 'elasticsearch' | 'bulk' | 'metrics' | 'log' | 'routes' | 'etcd', string[]>>;
}

export interface AgentEventOptions {
  /** The file: the same inode gives the same event ids (the agent re-sending those lines). */
  inode?: number;
  hour?: number;
  /** The target's format, sent as `logpipe.format` (default `plain`). */
  format?: string;
  /** The lines themselves (default: numbered lines with non-ASCII text). */
  lines?: string[];
}

export interface AgentEvents {
  ids: string[];
  lines: string[];
  /** The encoded events, as an agent would send them; produce them again to replay a re-send. */
  values: string[];
}

/**
 * What a transfer test needs, with names no other test uses: a topic with `partitions`
 * partitions, transfer processes consuming it into `logs-<topic>-*`, a producer for agent events
 * and foreign messages, and read-back of documents, committed offsets and metrics. `cleanup()`
 * kills the processes and deletes the topics (the DLQ too), the indices and the temp dir.
 */
export async function transferFixture(label: string, partitions: number) {
  const names = uniqueNames(label);
  const servers = endpoints();
  const dir = await mkdtemp(join(tmpdir(), `logpipe-${label}-`));
  const kafka: Kafka = testKafka();
  const admin: KafkaAdmin = kafka.admin();
  await createTopics(kafka, [names.topic], partitions);
  const es = elasticsearchClient();
  const index = `logs-${names.topic}-*`;
  const processes: AppProcess[] = [];

  const transfer = async (options: TransferOptions = {}): Promise<AppProcess> => {
    const ini = options.ini ?? {};
    const section = (name: keyof NonNullable<TransferOptions['ini']>, lines: string[]) => [`[${name}]`, ...lines, ...(ini[name] ?? [])];
    const workerDir = join(dir, `transfer-${processes.length + 1}`);
    await mkdir(workerDir);
    const app = await AppProcess.withConfig('logtransfer', workerDir, [
      ...section('transfer', [`name = ${names.id}-${processes.length + 1}`, `group = ${options.group ?? names.group}`, 'shutdown_timeout = 20s']),
      ...section('kafka', [`brokers = ${servers.kafkaBrokers.join(',')}`, `topics = ${options.topics ?? names.topic}`]),
      ...section('elasticsearch', [`nodes = ${options.elasticsearchUrl ?? servers.elasticsearchUrl}`, `index = ${options.index ?? 'logs-{topic}-{yyyy.MM.dd}'}`]),
      // Short backoff: a test waits for Elasticsearch's return, not for a 30 s retry timer.
      ...section('bulk', ['max_backoff = 1s']),
      ...section('metrics', ['listen = 127.0.0.1:0']),
      ...section('log', []),
      ...(ini.routes ? section('routes', []) : []),
      // The test's own prefixes: no other test's targets or routes reach this transfer.
      ...section('etcd', [`endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${names.etcdPrefix}`, `agents_prefix = ${names.etcdPrefix}-agents`]),
    ].join('\n') + '\n');
    processes.push(app);
    return app;
  };

  /**
   * `count` lines of one file (`inode`), encoded by the agent's own encoder, read at `hour` on
   * EVENT_DAY. The same inode gives the same event ids: the agent re-sending those lines.
   */
  const agentEvents = (count: number, { inode = 1, hour = 10, format = 'plain', lines: given }: AgentEventOptions = {}): AgentEvents => {
    const encoder = new FileEventEncoder({
      fileKey: fileKey({ agentId: names.agentName, device: 1, inode, nonce: names.id }),
      path: `/var/log/${names.id}-${inode}.log`,
      hostName: 'test-host',
      agent: { name: names.agentName, id: names.agentName, version: '0.1.0' },
      labels: { test: label },
      format,
    });
    const lines = given ?? Array.from({ length: count }, (_, i) => `${label} line ${i} ünïcödé "quoted"`);
    const ids: string[] = [];
    const values: string[] = [];
    let offset = 0;
    for (const [i, line] of lines.entries()) {
      const timestamp = new Date(Date.parse(`${EVENT_DAY}T${String(hour).padStart(2, '0')}:00:00.000Z`) + i).toISOString();
      const value = encoder.encode(line, offset, timestamp);
      values.push(value);
      ids.push((JSON.parse(value) as { event: { id: string } }).event.id);
      offset += Buffer.byteLength(line) + 1;
    }
    return { ids, lines, values };
  };

  /** Produces the values round-robin over the partitions, in order within each, acks=all. */
  const produceTo = async (topic: string, topicPartitions: number, values: (string | TestMessage)[], chunk = 1000): Promise<void> => {
    for (let start = 0; start < values.length; start += chunk) {
      const messages = values.slice(start, start + chunk).map((value, i): TestMessage => ({
        ...(typeof value === 'string' ? { value } : value),
        partition: (start + i) % topicPartitions,
      }));
      await produceMessages(kafka, topic, messages);
    }
  };
  const produce = (values: (string | TestMessage)[], chunk = 1000): Promise<void> => produceTo(names.topic, partitions, values, chunk);

  /** Index patterns besides `logs-<topic>-*` that a test wrote to, deleted by cleanup(). */
  const extraIndices: string[] = [];
  let etcd: Etcd3 | undefined;

  /** Per partition, the group's committed offset (0 when nothing is committed). */
  const committedOffsets = async (group = names.group): Promise<number[]> => {
    const committed = (await admin.committedOffsets(group, [names.topic])).get(names.topic);
    const offsets = new Array<number>(partitions).fill(0);
    for (const [partition, offset] of committed ?? []) offsets[partition] = Math.max(0, offset);
    return offsets;
  };
  const committedTotal = async (group = names.group): Promise<number> => (await committedOffsets(group)).reduce((a, b) => a + b, 0);
  /** The group's committed offsets on any topic, summed (0 when nothing is committed). */
  const committedOn = async (topic: string, group = names.group): Promise<number> => {
    const committed = (await admin.committedOffsets(group, [topic])).get(topic);
    return [...(committed?.values() ?? [])].reduce((sum, offset) => sum + Math.max(0, offset), 0);
  };

  return {
    names,
    dir,
    kafka,
    admin,
    es,
    index,
    transfer,
    agentEvents,
    produce,
    produceTo,
    /** A topic named `<fixture topic><suffix>`, so cleanup() deletes it with the rest. */
    async createTopic(suffix: string, topicPartitions: number): Promise<string> {
      const topic = `${names.topic}${suffix}`;
      await createTopics(kafka, [topic], topicPartitions);
      return topic;
    },
    /** The test's etcd client; keys live under `names.etcdPrefix`, which cleanup() removes. */
    etcd(): Etcd3 {
      etcd ??= new Etcd3({ hosts: servers.etcdEndpoints });
      return etcd;
    },
    /** Deletes these indices (wildcards allowed) at cleanup, besides `logs-<topic>-*`. */
    deleteAtCleanup(...patterns: string[]): void {
      extraIndices.push(...patterns);
    },
    countIn: (pattern: string) => countDocuments(es, pattern),
    /** Waits until `pattern` holds at least `count` documents; returns how many it holds (the test then asserts exactly). */
    async waitForCountIn(pattern: string, count: number, timeoutMs = 30_000): Promise<number> {
      let have = 0;
      await waitFor(async () => (have = await countDocuments(es, pattern)) >= count || undefined, { what: `${count} documents in ${pattern} (have ${have})`, timeoutMs, intervalMs: 250 });
      return have;
    },
    committedOffsets,
    committedTotal,
    committedOn,
    /** Waits until the group committed `total` messages of `topic`. */
    async waitForCommittedOn(topic: string, total: number, group = names.group, timeoutMs = 30_000): Promise<void> {
      let have = 0;
      await waitFor(async () => (have = await committedOn(topic, group)) >= total || undefined, { what: `group ${group} to commit ${total} messages of ${topic} (committed ${have})`, timeoutMs, intervalMs: 250 });
    },
    count: () => countDocuments(es, index),
    /** Waits until the index holds at least `count` documents; returns how many it holds. */
    async waitForDocuments(count: number, timeoutMs = 30_000): Promise<number> {
      let have = 0;
      await waitFor(async () => (have = await countDocuments(es, index)) >= count || undefined, { what: `${count} documents in ${index} (have ${have})`, timeoutMs, intervalMs: 250 });
      return have;
    },
    /** Waits until the group committed every message of the topic: it consumed all there is. */
    async waitForCommitted(total: number, group = names.group, timeoutMs = 30_000): Promise<void> {
      let have = 0;
      await waitFor(async () => (have = await committedTotal(group)) >= total || undefined, { what: `group ${group} to commit ${total} messages (committed ${have})`, timeoutMs, intervalMs: 250 });
    },
    /** Every document's `_id` and source (of `pattern`, default `logs-<topic>-*`), sorted by `_id`. */
    async documents<T = Record<string, unknown>>(pattern = index): Promise<{ id: string; source: T }[]> {
      const index = pattern;
      await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
      const found: { id: string; source: T }[] = [];
      let after: (string | number)[] | undefined;
      for (;;) {
        const page = await es.search<T>({ index, size: 5000, sort: [{ 'event.id': 'asc' }], ...(after ? { search_after: after } : {}) });
        for (const hit of page.hits.hits) found.push({ id: hit._id!, source: hit._source as T });
        if (page.hits.hits.length < 5000) break;
        after = page.hits.hits[page.hits.hits.length - 1]!.sort as (string | number)[];
      }
      return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    /** Every message of `topic` up to its end offsets, headers included, read with a throwaway group. */
    async readMessages(topic: string): Promise<ReadMessage[]> {
      return (await readTopicRecords(kafka, topic)).map(({ partition, record }) => ({
        partition,
        offset: record.offset,
        key: record.key?.toString() ?? null,
        value: record.value?.toString() ?? '',
        headers: Object.fromEntries([...record.headers].map(([k, v]) => [k.toString(), v.toString()])),
      }));
    },
    async cleanup(): Promise<void> {
      await Promise.allSettled(processes.map((p) => p.kill()));
      try {
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(names.topic));
        await admin.deleteTopics(topics);
        await admin.deleteGroups(await admin.listGroups(names.group));
      } catch {
        // best effort: a leftover uniquely named topic or group harms no other test
      } finally {
        await admin.close();
      }
      for (const pattern of [index, ...extraIndices]) await es.indices.delete({ index: pattern, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
      if (etcd) {
        await etcd.delete().prefix(`${names.etcdPrefix}/`).catch(() => undefined);
        etcd.close();
      }
      await es.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export type TransferFixture = Awaited<ReturnType<typeof transferFixture>>;

/** Waits until the app logged `message` with fields for which `matches` holds; returns that line. */
export async function waitForLogWhere(app: AppProcess, message: string, matches: (line: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return waitFor(() => app.logs.find((l) => l.message === message && matches(l)), { what: `${app.app} to log "${message}" with the expected fields`, timeoutMs, intervalMs: 100 }).catch(
    (err: Error) => {
      // The output as of the deadline, not as of the call.
      throw new Error(`${err.message}; recent output:\n${app.output.slice(-3000)}`);
    },
  );
}
