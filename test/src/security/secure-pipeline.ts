import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKafka, type AclBinding, type KafkaAdmin } from '@logpipe/kafka';
import { startServers } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { AppProcess } from '../support/app-process.js';
import { allDocuments, countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { testWorkspace } from '../support/test-workspace.js';
import { agentAcls, transferAcls } from './kafka-acls.js';
import { kafkaConnection, kafkaIniLines, scram, type KafkaAuth } from './kafka-auth.js';

export interface SecureAppOptions {
  /** Extra `[kafka]` lines (the transfer's `topics` is set already). */
  kafka?: string[];
}

/**
 * An agent and a transfer on kafka-secure, with names no other test uses: the agent follows
 * files in `logDir` into topics starting with `names.topic`, the transfer indexes them into
 * `logs-<topic>-*` on the default Elasticsearch. Each app logs in as the test says (`KafkaAuth`);
 * the test's own admin client is the operator (SCRAM `admin`), which grants and revokes ACLs.
 * Every process is kept, so a test can grep all their output for secrets. `cleanup()` kills
 * them, deletes the ACLs, topics, group, indices, etcd keys and the temp dir.
 */
export async function securePipeline(label: string) {
  await startServers(['kafka-secure']);
  const { names, servers, dir, logDir, etcd } = await testWorkspace(label);
  const es = elasticsearchClient();
  const admin: KafkaAdmin = createKafka(kafkaConnection(scram('admin'), 'logpipe-tests-admin')).admin();
  const index = `logs-${names.topic}*`;
  const processes: AppProcess[] = [];
  const granted: AclBinding[] = [];
  let agentRuns = 0;

  const agent = async (auth: KafkaAuth, options: SecureAppOptions = {}): Promise<AppProcess> => {
    // One data dir for every agent run: a restart resumes from the offsets Kafka acknowledged.
    const app = await AppProcess.withConfig('logagent', await runDir(`agent-${++agentRuns}`), [
      '[agent]', `name = ${names.agentName}`, `data_dir = ${join(dir, 'agent-data')}`, 'scan_interval = 250ms', 'poll_interval = 50ms', 'shutdown_timeout = 4s',
      '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${names.etcdPrefix}`,
      '[kafka]', ...kafkaIniLines(auth), 'topic_partitions = 2', 'linger = 5ms', ...(options.kafka ?? []),
      '[metrics]', 'listen = 127.0.0.1:0',
    ].join('\n') + '\n');
    processes.push(app);
    return app;
  };

  const transfer = async (auth: KafkaAuth, topics: string, options: SecureAppOptions = {}): Promise<AppProcess> => {
    const app = await AppProcess.withConfig('logtransfer', await runDir(`transfer-${processes.length + 1}`), [
      '[transfer]', `name = ${names.id}-${processes.length + 1}`, `group = ${names.group}`, 'shutdown_timeout = 10s',
      '[kafka]', ...kafkaIniLines(auth), `topics = ${topics}`, ...(options.kafka ?? []),
      '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`, 'index = logs-{topic}-{yyyy.MM.dd}',
      '[bulk]', 'max_backoff = 1s',
      '[metrics]', 'listen = 127.0.0.1:0',
      '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${names.etcdPrefix}-transfer`, `agents_prefix = ${names.etcdPrefix}-agents`,
    ].join('\n') + '\n');
    processes.push(app);
    return app;
  };

  const runDir = async (name: string): Promise<string> => {
    const path = join(dir, name);
    await mkdir(path);
    return path;
  };

  const grant = async (bindings: AclBinding[]): Promise<void> => {
    await admin.createAcls(bindings);
    granted.push(...bindings);
  };

  return {
    names,
    /** A topic the agent's ACLs (prefix `names.topic`) do not cover, still cleaned up by cleanup(). */
    outsideTopic: `o_${names.topic.slice(2)}`,
    dir,
    logDir,
    admin,
    processes,
    agent,
    transfer,
    grant,
    /** The agent's ACLs on the topics starting with `names.topic`. */
    grantAgent: (principal = 'User:logagent', prefix = names.topic) => grant(agentAcls(principal, prefix)),
    /** The transfer's ACLs: read `names.topic*`, its group, write `<topic>.dlq`. */
    grantTransfer: (principal = 'User:logtransfer', topics: readonly string[] = [names.topic], group = names.group) =>
      grant(transferAcls(principal, names.topic, group, topics.map((t) => `${t}.dlq`))),
    /** A target of the agent: `file` (in logDir) into `topic`. */
    async follow(id: string, file: string, topic: string): Promise<string> {
      const path = join(logDir, file);
      await writeFile(path, '', { flag: 'a' });
      await etcd.put(`${names.etcdPrefix}/${names.agentName}/targets/${id}`).value(JSON.stringify({ path, topic }));
      return path;
    },
    /** `count` distinct lines, appended in chunks as an application writes them. */
    async appendLines(path: string, tag: string, from: number, count: number): Promise<string[]> {
      const lines = Array.from({ length: count }, (_, i) => `${tag} line ${from + i} of ${names.id} ünïcödé "quoted"`);
      for (let start = 0; start < lines.length; start += 200) await appendFile(path, lines.slice(start, start + 200).join('\n') + '\n');
      return lines;
    },
    count: (pattern = index) => countDocuments(es, pattern),
    /** Waits until the indices hold at least `count` documents; returns how many (the test asserts exactly). */
    async waitForDocuments(count: number, timeoutMs = 45_000, pattern = index): Promise<number> {
      let have = 0;
      await waitFor(async () => (have = await countDocuments(es, pattern)) >= count || undefined, { what: `${count} documents in ${pattern} (have ${have})`, timeoutMs, intervalMs: 250 });
      return have;
    },
    /** Every document's message, in file order per file. */
    async messages(pattern = index): Promise<string[]> {
      const documents = await allDocuments<{ message: string }>(es, pattern, ['log.file.path', 'log.offset']);
      return documents.map((d) => d.message);
    },
    async cleanup(): Promise<void> {
      await Promise.allSettled(processes.map((p) => p.kill()));
      try {
        await admin.deleteAcls(granted);
        const topics = (await admin.listTopics()).filter((t) => t.includes(names.topic.slice(2)));
        await admin.deleteTopics(topics);
        await admin.deleteGroups(await admin.listGroups(names.group));
      } catch {
        // best effort: leftovers with unique names harm no other test
      } finally {
        await admin.close();
      }
      // Every index of the test's topics, those outside the `names.topic` prefix too.
      await es.indices.delete({ index: `logs-*${names.topic.slice(2)}*`, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
      await es.close();
      await etcd.delete().prefix(`${names.etcdPrefix}/`).catch(() => undefined);
      etcd.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type SecurePipeline = Awaited<ReturnType<typeof securePipeline>>;
