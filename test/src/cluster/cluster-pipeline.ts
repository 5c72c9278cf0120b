import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { AppProcess } from '../support/app-process.js';
import { allDocuments, countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { GrowingFile, healthStatus } from '../logagent/kafka-outage-support.js';
import { logctl } from '../logctl/logctl-support.js';
import { clusterKafka, ensureKafkaCluster } from './kafka-cluster.js';

/** Samples `/healthz` every 250 ms until stopped, keeping every answer (0: no answer). */
class HealthSampler {
  readonly answers: { at: number; status: number }[] = [];
  private readonly timer: NodeJS.Timeout;
  constructor(url: string) {
    this.timer = setInterval(() => void healthStatus(url).catch(() => 0).then((status) => this.answers.push({ at: Date.now(), status })), 250);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * The whole pipeline on the 3-node cluster: one agent following a file that grows at a steady
 * rate, two transfer workers of one group indexing into Elasticsearch. A failure test starts it,
 * does its damage while lines flow, then `finish()` stops the writer and checks that the index
 * holds exactly the lines written, each once.
 */
export async function startClusterPipeline(label: string, shape = { linesPerTick: 20, lineBytes: 200, tickMs: 100 }) {
  const brokers = await ensureKafkaCluster();
  const servers = endpoints();
  const f = await agentFixture(label, { kafkaBrokers: brokers });
  const { names } = f;
  const kafka = clusterKafka();
  const admin = kafka.admin();
  const es = elasticsearchClient();
  const index = `logs-${names.topic}-*`;
  const transfers: AppProcess[] = [];
  for (const n of [1, 2]) {
    const dir = join(f.dir, `transfer-${n}`);
    await mkdir(dir);
    transfers.push(
      await AppProcess.withConfig('logtransfer', dir, [
        '[transfer]', `name = ${names.id}-${n}`, `group = ${names.group}`, 'shutdown_timeout = 20s',
        '[kafka]', `brokers = ${brokers.join(',')}`, `topics = ${names.topic}`,
        '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
        '[bulk]', 'max_backoff = 1s',
        '[metrics]', 'listen = 127.0.0.1:0',
        '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${names.etcdPrefix}-transfer`, `agents_prefix = ${names.etcdPrefix}`,
      ].join('\n') + '\n'),
    );
  }

  const file = join(f.logDir, 'app.log');
  await writeFile(file, '');
  f.agent.start();
  for (const t of transfers) t.start();
  const agentUrl = String((await f.agent.waitForLog('logagent started')).metrics);
  await Promise.all(transfers.map((t) => t.waitForLog('logtransfer started')));
  await f.putTarget('app', { path: file, topic: names.topic });
  await f.agent.waitForLog('harvesting');
  const health = new HealthSampler(agentUrl);
  const growing = new GrowingFile(file, shape);
  growing.start();

  const cleanup = async (): Promise<void> => {
    health.stop();
    await growing.stop();
    await f.cleanup(...transfers);
    await admin.deleteTopics([names.topic]).catch(() => undefined);
    await admin.deleteGroups([names.group]).catch(() => undefined);
    await admin.close();
    await es.indices.delete({ index, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
    await es.close();
  };

  /** `logctl status` pointed at the cluster, as an operator would run it mid-incident. */
  const status = async () => {
    const result = await logctl(['status', '--json', '--etcd', servers.etcdEndpoints.join(','), '--brokers', brokers.join(','), '--es', servers.elasticsearchUrl,
      '--prefix', names.etcdPrefix, '--transfer-prefix', `${names.etcdPrefix}-transfer`, '--group', names.group, '--topic', names.topic]);
    assert.equal(result.code, 0, `logctl status failed:\n${result.stderr}`);
    return JSON.parse(result.stdout) as { errors: string[]; topics: { topic: string; exists: boolean; lag: number; end_offset: number }[]; agents: { name: string }[] };
  };

  return {
    f,
    names,
    admin,
    growing,
    health,
    agentUrl,
    transfers,
    status,
    cleanup,
    /** Waits until `count` lines reached the index (the lines flow before the damage starts). */
    async waitForIndexed(count: number, timeoutMs = 60_000): Promise<void> {
      let have = 0;
      await waitFor(async () => (have = await countDocuments(es, index)) >= count || undefined, { what: `${count} documents in ${index} (have ${have})`, timeoutMs, intervalMs: 250 });
    },
    /**
     * Stops the writer, waits for the last line, and asserts the index holds exactly the lines
     * written, each once and nothing else. Returns how many.
     */
    async finish(timeoutMs = 120_000): Promise<number> {
      await growing.stop();
      const lines = growing.lines;
      let have = 0;
      await waitFor(async () => (have = await countDocuments(es, index)) >= lines.length || undefined, {
        what: `all ${lines.length} lines in ${index} (have ${have})`,
        timeoutMs,
        intervalMs: 500,
      }).catch(() => undefined); // the assertions below say what is missing
      const documents = await allDocuments<{ message: string }>(es, index);
      const seen = new Map<string, number>();
      for (const d of documents) seen.set(d.message, (seen.get(d.message) ?? 0) + 1);
      const missing = lines.filter((line) => !seen.has(line));
      const twice = [...seen].filter(([, n]) => n > 1).map(([line]) => line);
      const written = new Set(lines);
      const foreign = [...seen.keys()].filter((line) => !written.has(line));
      assert.deepEqual({ documents: documents.length, missing: missing.length, twice: twice.length, foreign: foreign.length }, { documents: lines.length, missing: 0, twice: 0, foreign: 0 },
        `first missing: ${missing.slice(0, 3).map((l) => l.slice(0, 13)).join(' | ')}`);
      return lines.length;
    },
    /** Every `/healthz` answer that was not 200, with its time relative to `from`. */
    unhealthySince(from: number): { afterMs: number; status: number }[] {
      const sampled = health.answers.filter((a) => a.at >= from).length;
      assert.ok(sampled >= 8, `only ${sampled} /healthz answers since the failure: too few to tell`);
      return health.answers.filter((a) => a.at >= from && a.status !== 200).map((a) => ({ afterMs: a.at - from, status: a.status }));
    },
  };
}
