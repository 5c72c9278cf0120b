// Write → indexed latency of the whole pipeline (agent → Kafka → transfer → Elasticsearch), on
// this machine, against the local servers: at steady rates, and for the first line of a new target.
// Usage (after `npx tsc -b`, with the local servers up):
//   node bench/latency.mjs [--rates 5000,20000] [--seconds 20] [--new-targets 5]
// See bench/README.md ("Write → indexed latency") for what is measured and the latest numbers.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSearchClient } from '@logpipe/search';
import { Etcd3 } from 'etcd3';
import { daemonCommand, endpoints } from '@logpipe/services';
import { startChild } from './lib/child.mjs';
import { BenchKafka } from './lib/topics.mjs';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '5000,20000' },
    seconds: { type: 'string', default: '20' },
    'new-targets': { type: 'string', default: '5' },
    // Transfer workers in the one consumer group: a new topic means a rebalance among them all.
    workers: { type: 'string', default: '1' },
    // Realtime GETs per second at most, spread over the lines: enough for p99, little load.
    samples: { type: 'string', default: '200' },
  },
});
const servers = endpoints();
const runId = `lat${Date.now().toString(36)}`;
const prefix = `/logpipe-bench/${runId}`;
const agentName = `bench-${runId}`;
const es = createSearchClient({ node: servers.elasticsearchUrl });
const etcd = new Etcd3({ hosts: servers.etcdEndpoints });
const kafka = new BenchKafka(servers.kafkaBrokers);
const TICK_MS = 10;
const WARMUP_MS = 3000;
const topics = [];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Both apps as users run them, with default settings, sharing an etcd prefix no one else uses. */
async function startPipeline(dir, workers) {
  const agentIni = join(dir, 'logagent.ini');
  await writeFile(agentIni, [
    '[agent]', `name = ${agentName}`, `data_dir = ${join(dir, 'agent-data')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${prefix}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n') + '\n');
  const transferIni = (n) => join(dir, `logtransfer-${n}.ini`);
  for (let n = 1; n <= workers; n++) await writeFile(transferIni(n), [
    '[transfer]', `name = ${runId}-${n}`, `group = ${runId}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `agents_prefix = ${prefix}`, `prefix = ${prefix}-transfer`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`, `index = ${runId}-{topic}-{yyyy.MM.dd}`, `template = ${runId}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n') + '\n');
  const agentCommand = daemonCommand('logagent');
  const transferCommand = daemonCommand('logtransfer');
  const agent = startChild(process.execPath, [...agentCommand.nodeFlags, agentCommand.main, '--config', agentIni]);
  const transfers = Array.from({ length: workers }, (_, i) => startChild(process.execPath, [...transferCommand.nodeFlags, transferCommand.main, '--config', transferIni(i + 1)]));
  await agent.waitForStderr('"message":"running"');
  for (const transfer of transfers) await transfer.waitForStderr('"message":"running"');
  return { agent, transfers };
}

async function putTarget(id, file, topic) {
  topics.push(topic);
  await etcd.put(`${prefix}/${agentName}/targets/${id}`).value(JSON.stringify({ path: file, topic }));
}

/** Polls until a search (after a refresh) finds a document in `index`; the time it did. */
async function firstDocumentAt(index, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
    const { count } = await es.count({ index, ignore_unavailable: true, allow_no_indices: true });
    if (count > 0) return Date.now();
    if (Date.now() > deadline) throw new Error(`no document in ${index} after ${timeoutMs} ms`);
    await sleep(10);
  }
}

/**
 * The first line of a new target: the target is put into etcd and its first line written at
 * the same moment, on a topic that does not exist yet. The clock stops when a search finds it:
 * the agent has created the topic and produced the line, and the transfer has learnt the topic
 * from etcd, subscribed, consumed and indexed it.
 */
async function newTargetLatency(dir, n) {
  const file = join(dir, `new-${n}.log`);
  const topic = `${runId}_new_${n}`;
  const started = Date.now();
  await putTarget(`new-${n}`, file, topic);
  await writeFile(file, `first line of new target ${n}\n`);
  return (await firstDocumentAt(`${runId}-${topic}-*`)) - started;
}

/**
 * `rate` lines a second into one file for `seconds`, each line's write time kept. Once the
 * first document shows its event id (`<file key>-<byte offset>`), every line's document id is
 * known from its offset, and a sample of them is polled with realtime multi-GETs: a document is
 * there as soon as Elasticsearch acknowledged its bulk item, with no refresh in between.
 */
async function steadyLatency(dir, rate, seconds, samplesPerSecond) {
  const file = join(dir, `steady-${rate}.log`);
  const topic = `${runId}_steady_${rate}`;
  const index = `${runId}-${topic}-*`;
  await writeFile(file, '');
  await putTarget(`steady-${rate}`, file, topic);
  const every = Math.max(1, Math.round(rate / samplesPerSecond));
  const perTick = rate / (1000 / TICK_MS);
  const written = []; // sampled lines: { offset, at }
  let offset = 0;
  let lineNo = 0;
  let fileKey;
  const latencies = [];
  let pending = [];
  let writing = true;

  const writer = (async () => {
    const begin = Date.now();
    let due = 0;
    while (Date.now() - begin < seconds * 1000 + WARMUP_MS) {
      due += perTick;
      const lines = [];
      const at = Date.now();
      while (due >= 1) {
        const text = `steady ${rate}/s line ${String(lineNo).padStart(8, '0')} ${'x'.repeat(80)}`;
        if (lineNo % every === 0 && at - begin >= WARMUP_MS) written.push({ offset, at });
        offset += Buffer.byteLength(text) + 1;
        lines.push(text);
        lineNo++;
        due--;
      }
      if (lines.length > 0) await appendFile(file, lines.join('\n') + '\n');
      const next = begin + Math.ceil((Date.now() - begin + 1) / TICK_MS) * TICK_MS;
      await sleep(Math.max(0, next - Date.now()));
    }
    writing = false;
  })();

  // The file key, from the first document (a new index's shards may still be starting).
  await firstDocumentAt(index);
  for (let attempt = 1; fileKey === undefined; attempt++) {
    try {
      const { hits } = await es.search({ index, size: 1, sort: [{ 'log.offset': 'asc' }] });
      fileKey = hits.hits[0]._source.event.id.replace(/-\d+$/, '');
    } catch (err) {
      if (attempt >= 50) throw err;
      await sleep(100);
    }
  }
  let taken = 0;
  const deadline = () => !writing && pending.length === 0 && taken === written.length;
  while (!deadline()) {
    pending.push(...written.slice(taken));
    taken = written.length;
    if (pending.length > 0) {
      const { docs } = await es.mget({ index: `${runId}-${topic}-${new Date().toISOString().slice(0, 10).replace(/-/g, '.')}`, ids: pending.map((s) => `${fileKey}-${s.offset}`), _source: false });
      const now = Date.now();
      const found = new Set(docs.filter((d) => d.found).map((d) => d._id));
      pending = pending.filter((s) => {
        if (!found.has(`${fileKey}-${s.offset}`)) return true;
        latencies.push(now - s.at);
        return false;
      });
    }
    await sleep(5);
  }
  await writer;
  latencies.sort((a, b) => a - b);
  return { rate, lines: lineNo, samples: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
}

const dir = await mkdtemp(join(tmpdir(), 'logpipe-latency-'));
await kafka.connect();
let pipeline;
try {
  const workers = Number(args.workers);
  pipeline = await startPipeline(dir, workers);
  console.log(`write → indexed latency, ${new Date().toISOString().slice(0, 10)}, agent and transfer with default settings, ${workers} transfer worker${workers === 1 ? '' : 's'}`);
  const newTargets = [];
  for (let n = 1; n <= Number(args['new-targets']); n++) {
    const ms = await newTargetLatency(dir, n);
    newTargets.push(ms);
    console.log(`new target ${n}: first line indexed after ${ms} ms`);
  }
  const sortedNew = [...newTargets].sort((a, b) => a - b);
  console.log(`new target, first line: median ${percentile(sortedNew, 50)} ms, max ${sortedNew[sortedNew.length - 1]} ms over ${newTargets.length}`);
  for (const rate of args.rates.split(',').map(Number)) {
    const r = await steadyLatency(dir, rate, Number(args.seconds), Number(args.samples));
    console.log(`steady ${rate} lines/s for ${args.seconds} s (${r.lines} lines, ${r.samples} sampled): p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms`);
  }
} finally {
  await Promise.allSettled([pipeline?.agent.stop(), ...(pipeline?.transfers ?? []).map((t) => t.stop())]);
  await etcd.delete().prefix(`${prefix}`);
  etcd.close();
  await es.indices.delete({ index: `${runId}-*`, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
  await es.indices.deleteIndexTemplate({ name: runId }).catch(() => undefined);
  for (const topic of topics) await kafka.deleteTopic(topic);
  await kafka.disconnect();
  await es.close();
  await rm(dir, { recursive: true, force: true });
}
