// Kafka → Elasticsearch throughput of logtransfer against a direct bulk loader, on this machine,
// against the same local Kafka and Elasticsearch, in one run.
// Usage (after `npx tsc -b`, with the local servers up):
//   node bench/transfer-throughput.mjs [--events N] [--runs R] [--warmup W] [--format plain|nginx|…] [--partitions P]
// See bench/README.md ("Kafka → Elasticsearch") for what is measured and the latest numbers.
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { createSearchClient } from '@logpipe/search';
import { daemonCommand, endpoints } from '@logpipe/services';
import { BULK_RESPONSE_FIELDS } from '@logpipe/logtransfer/dist/sink/bulk-sink.js';
import { agentEvents, benchKafka, committedTotal, countDocuments, cpuSeconds, deleteIndices, installLoaderTemplate, packEvents, preloadTopic, preparedDocuments, serverPids } from './transfer-support.mjs';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    // Untimed rounds first: a broker (a JVM) that has just started took 0.10 to 0.22 cores more
    // during the transfer's first runs, and Elasticsearch warms up too.
    warmup: { type: 'string', default: '1' },
    format: { type: 'string', default: 'plain' },
    partitions: { type: 'string', default: '4' },
    // The agent's default `[kafka] events_per_message` (wire format v2).
    'events-per-message': { type: 'string', default: '128' },
    // The transfer's [bulk] and [kafka] settings; the loader uses the same flush_bytes and concurrency.
    'flush-bytes': { type: 'string', default: '5MiB' },
    concurrency: { type: 'string', default: '2' },
    'max-bytes-per-partition': { type: 'string' },
    'batches-in-flight': { type: 'string' },
    peers: { type: 'string', default: 'logtransfer,loader' },
    // The codec of the preloaded topic: the agent's default.
    compression: { type: 'string', default: 'zstd' },
  },
});
const count = Number(args.events);
const runs = Number(args.runs);
const warmups = Number(args.warmup);
const partitions = Number(args.partitions);
const servers = endpoints();
const runId = `tb${Date.now().toString(36)}`;
let messageCount = 0;
const topic = `bench_transfer_${runId}`;
const es = createSearchClient({ node: servers.elasticsearchUrl, requestTimeout: 120_000 });
const kafka = benchKafka(servers.kafkaBrokers);
const admin = kafka.admin();
const flushBytes = parseSize(args['flush-bytes']);
const concurrency = Number(args.concurrency);
const pids = await serverPids();

/** CPU seconds of the servers now, to subtract: what each peer made them spend. */
async function serverCpu() {
  return { elasticsearch: (await cpuSeconds(pids.elasticsearch)) ?? NaN, kafka: (await cpuSeconds(pids.kafka)) ?? NaN };
}

function parseSize(text) {
  const match = /^(\d+)(KiB|MiB)?$/.exec(text);
  if (!match) throw new Error(`--flush-bytes ${text}: write e.g. 5MiB`);
  return Number(match[1]) * (match[2] === 'MiB' ? 1 << 20 : match[2] === 'KiB' ? 1024 : 1);
}

/** The transfer, as users run it, consuming the preloaded topic with a fresh group into fresh indices. */
async function runTransfer(run, dir) {
  const group = `${runId}-g${run}`;
  const index = `${runId}-t${run}-{topic}-{yyyy.MM.dd}`;
  const ini = [
    '[transfer]', `name = bench-${run}`, `group = ${group}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, `topics = ${topic}`,
    ...(args['max-bytes-per-partition'] ? [`max_bytes_per_partition = ${args['max-bytes-per-partition']}`] : []),
    ...(args['batches-in-flight'] ? [`batches_in_flight = ${args['batches-in-flight']}`] : []),
    // The preloaded topic only: no targets, no routes from etcd.
    '[etcd]', 'enabled = false',
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`, `index = ${index}`, `template = ${runId}-t${run}`,
    '[bulk]', `flush_bytes = ${args['flush-bytes']}`, `concurrency = ${concurrency}`,
    '[metrics]', 'listen = 127.0.0.1:0',
    // debug: the 'committed offsets' lines stop the clock (one per commit, a dozen a run).
    '[log]', 'level = debug', 'format = json',
  ].join('\n');
  const configPath = join(dir, `transfer-${run}.ini`);
  await writeFile(configPath, ini + '\n');
  const { nodeFlags, main } = daemonCommand('logtransfer');
  const child = spawn(process.execPath, [...nodeFlags, ...(process.env.BENCH_TRANSFER_NODE_ARGS ?? '').split(' ').filter(Boolean), main, '--config', configPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let partial = '';
  let joinedAt;
  let doneAt;
  // The transfer logs each commit at debug with its partition's next offset, once Kafka took it:
  // the clock stops at the commit that covers the last message, with no polling of Kafka (a 20 ms
  // poll of the group's offsets cost the broker 0.04 to 0.12 cores, all charged to the transfer).
  const nextOffsets = new Map();
  let onDone;
  const done = new Promise((resolve) => (onDone = resolve));
  const onLine = (line) => {
    if (joinedAt === undefined && line.includes('"joined the consumer group"')) {
      joinedAt = performance.now();
      onJoined();
    }
    if (!line.includes('"committed offsets"')) return;
    const { partition, offset } = JSON.parse(line);
    nextOffsets.set(partition, Number(offset));
    if (doneAt === undefined && [...nextOffsets.values()].reduce((sum, n) => sum + n, 0) >= messageCount) {
      doneAt = performance.now();
      onDone();
    }
  };
  let onJoined;
  const joined = new Promise((resolve, reject) => {
    onJoined = resolve;
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr = (stderr + text).slice(-20_000);
      if (process.env.BENCH_TRANSFER_STDERR) appendFileSync(process.env.BENCH_TRANSFER_STDERR, text);
      const lines = (partial + text).split('\n');
      partial = lines.pop();
      for (const line of lines) onLine(line);
    });
    child.on('exit', (code) => reject(new Error(`logtransfer exited with ${code}:\n${stderr.slice(-3000)}`)));
  });
  try {
    await joined;
    const cpuBefore = { peer: await cpuSeconds(child.pid), ...(await serverCpu()) };
    // The clock runs from the group join (the consumer is ready to fetch) to the last commit.
    let timer;
    await Promise.race([
      done,
      joined.then(() => new Promise((resolve, reject) => (timer = setTimeout(() => reject(new Error(`transfer committed ${[...nextOffsets.values()].reduce((s, n) => s + n, 0)} of ${messageCount} messages in 10 minutes`)), 600_000)))),
    ]).finally(() => clearTimeout(timer));
    const seconds = (doneAt - joinedAt) / 1000;
    // What the log said, checked once with Kafka itself.
    const committed = await committedTotal(admin, group, topic);
    if (committed !== messageCount) throw new Error(`the transfer logged commits up to ${messageCount} messages, Kafka has ${committed} committed`);
    const cpuAfter = { peer: await cpuSeconds(child.pid), ...(await serverCpu()) };
    const pattern = `${runId}-t${run}-*`;
    const documents = await countDocuments(es, pattern);
    return { seconds, documents, pattern, cpu: cpuDelta(cpuBefore, cpuAfter) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
    await admin.deleteGroups([group]).catch(() => undefined);
  }
}

/** The peer: the same prepared documents straight into Elasticsearch with helpers.bulk, no Kafka. */
async function runLoader(run, documents) {
  const pattern = `${runId}-l${run}-*`;
  const prefix = `${runId}-l${run}-`;
  await installLoaderTemplate(es, `${runId}-l${run}`, `${prefix}{topic}-{yyyy.MM.dd}`);
  const cpuBefore = { peer: process.cpuUsage(), ...(await serverCpu()) };
  const started = performance.now();
  const stats = await es.helpers.bulk({
    datasource: documents,
    onDocument: (d) => [{ index: { _index: prefix + d.index, _id: d.id } }, d.body],
    flushBytes,
    concurrency,
    // The same requests the transfer sends: only statuses and errors come back.
    filter_path: BULK_RESPONSE_FIELDS,
    retries: 3,
    wait: 1000,
    onDrop: (drop) => {
      throw new Error(`the loader had a document rejected: ${JSON.stringify(drop.error)}`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpuBefore.peer);
  const cpu = cpuDelta({ ...cpuBefore, peer: 0 }, { peer: (used.user + used.system) / 1e6, ...(await serverCpu()) });
  if (stats.failed > 0) throw new Error(`the loader had ${stats.failed} documents rejected`);
  return { seconds, documents: await countDocuments(es, pattern), pattern, cpu };
}

function cpuDelta(before, after) {
  return Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
}

const dir = await mkdtemp(join(tmpdir(), 'logpipe-transfer-bench-'));
try {
  const { values, lineBytes } = agentEvents(count, args.format);
  const eventBytes = values.reduce((sum, v) => sum + Buffer.byteLength(v), 0);
  const messages = packEvents(values, Number(args['events-per-message']));
  messageCount = messages.length;
  await preloadTopic(kafka, topic, partitions, messages, args.compression);
  // The loader gets the documents the transfer would make, prepared before its clock starts.
  const documents = preparedDocuments(values, topic, '{topic}-{yyyy.MM.dd}');
  console.log(
    `input: ${count} agent events (format ${args.format}), lines ${(lineBytes / count).toFixed(0)} bytes on average, events ${(eventBytes / count).toFixed(0)} bytes, ` +
      `documents ${(documents.reduce((s, d) => s + d.body.length, 0) / count).toFixed(0)} bytes; ${messages.length} Kafka messages (${args['events-per-message']} events each), topic of ${partitions} partitions (${args.compression}); ` +
      `flush_bytes ${args['flush-bytes']}, concurrency ${concurrency}; ${warmups} warm-up and ${runs} timed runs`,
  );
  const peers = args.peers.split(',');
  const results = Object.fromEntries(peers.map((p) => [p, []]));
  // Runs up to 0 are the warm-up rounds, shown but not counted.
  for (let run = 1 - warmups; run <= runs; run++) {
    // Peers take turns within each run, so a busy patch of the shared machine slows both.
    for (const peer of peers) {
      const result = peer === 'logtransfer' ? await runTransfer(run, dir) : await runLoader(run, documents);
      await deleteIndices(es, result.pattern);
      await es.indices.deleteIndexTemplate({ name: `${runId}-${peer === 'logtransfer' ? 't' : 'l'}${run}` }).catch(() => undefined);
      const rate = count / result.seconds;
      if (run > 0) results[peer].push(rate);
      const exact = result.documents === count ? '' : `  (!) ${result.documents} documents for ${count} events`;
      const { cpu } = result;
      const cores = (c) => (c / result.seconds).toFixed(2);
      console.log(
        `${run > 0 ? `run ${run}` : 'warm-up'} ${peer.padEnd(11)} ${result.seconds.toFixed(2)} s  ${Math.round(rate).toLocaleString('en')} docs/s` +
          `  cores used: ${peer} ${cores(cpu.peer)}, elasticsearch ${cores(cpu.elasticsearch)}, kafka ${cores(cpu.kafka)}${exact}`,
      );
    }
  }
  console.log('\nmedian of each peer:');
  const medians = {};
  for (const peer of peers) {
    const sorted = [...results[peer]].sort((a, b) => a - b);
    medians[peer] = sorted[Math.floor(sorted.length / 2)];
    console.log(`  ${peer.padEnd(11)} ${Math.round(medians[peer]).toLocaleString('en')} docs/s  (runs: ${results[peer].map((r) => Math.round(r).toLocaleString('en')).join(' · ')})`);
  }
  if (medians.logtransfer && medians.loader) console.log(`\nlogtransfer / loader = ${(medians.logtransfer / medians.loader).toFixed(2)}`);
} finally {
  const topicAdmin = kafka.admin();
  await topicAdmin.deleteTopics([topic]).catch(() => undefined);
  await topicAdmin.close();
  await admin.close();
  await deleteIndices(es, `${runId}-*`);
  await es.close();
  await rm(dir, { recursive: true, force: true });
}
