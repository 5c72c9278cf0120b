// The agent's producer with each codec the client offers, on the agent's own events (nginx
// lines, packed as the agent packs them, in batches of the agent's default size, idempotent,
// acks=all): the producer's CPU per line, the bytes the topic takes on the broker, and the CPU a
// consumer spends reading it back (decompressing is the transfer's cost of each codec).
// Usage (after `npx tsc -b`, local Kafka up):
//   scripts/node bench/compression.mjs [--lines N] [--runs N] [--codecs gzip,zstd,lz4,snappy,none]
import { parseArgs } from 'node:util';
import { createKafka, readTopicToEnd } from '@logpipe/kafka';
import { endpoints } from '@logpipe/services';
import { agentMessages } from './lib/agent-messages.mjs';

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '300000' },
    runs: { type: 'string', default: '3' },
    codecs: { type: 'string', default: 'gzip,zstd,lz4,snappy,none' },
    'gzip-level': { type: 'string', default: '1' },
  },
});
const lines = Number(args.lines);
const runs = Number(args.runs);
const codecs = args.codecs.split(',');
const kafka = createKafka({ brokers: endpoints().kafkaBrokers, clientId: 'logpipe-bench-compression' });
const admin = kafka.admin();

// The agent's events, packed 128 a message, cut into batches of 512 KiB ([kafka] batch_bytes).
const values = agentMessages(lines, 128);
const rawBytes = values.eventBytes;
const key = Buffer.from('bench:/var/log/nginx/access.log');
const batches = [];
for (let i = 0; i < values.length; ) {
  const batch = [];
  let bytes = 0;
  while (i < values.length && (batch.length === 0 || bytes + values[i].length <= 512 * 1024)) {
    bytes += values[i].length;
    batch.push(values[i++]);
  }
  batches.push(batch);
}

const cpu = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

async function run(codec, runIndex) {
  const topic = `bench_codec_${codec}_${runIndex}_${Date.now().toString(36)}`;
  await admin.createTopics([{ topic, partitions: 1, replicationFactor: 1 }]);
  const producer = kafka.producer({ idempotent: true, compression: codec, gzipLevel: codec === 'gzip' ? Number(args['gzip-level']) : undefined });
  try {
    await producer.connect();
    const before = process.cpuUsage();
    const started = performance.now();
    for (const batch of batches) await producer.send(batch.map((value) => ({ topic, key, value })));
    const seconds = (performance.now() - started) / 1000;
    const produceCpu = cpu(before);
    const stored = await admin.topicBytes(topic);
    const readBefore = process.cpuUsage();
    let read = 0;
    await readTopicToEnd(kafka, topic, () => read++);
    const readCpu = cpu(readBefore);
    if (read !== values.length) throw new Error(`${codec}: read ${read} of ${values.length} messages back`);
    return { seconds, produceCpu, readCpu, stored };
  } finally {
    await producer.close();
    await admin.deleteTopics([topic]).catch(() => undefined);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`input: ${lines} lines as ${values.length} messages (128 events each) in ${batches.length} batches; events ${(rawBytes / 1e6).toFixed(1)} MB; ${runs} runs, codecs alternating`);
const results = new Map(codecs.map((c) => [c, []]));
for (let r = 1; r <= runs; r++) {
  for (const codec of codecs) {
    const result = await run(codec, r);
    results.get(codec).push(result);
    console.log(`run ${r} ${codec.padEnd(6)} ${result.seconds.toFixed(2)} s  produce ${((result.produceCpu / lines) * 1e6).toFixed(2)} µs CPU/line  read ${((result.readCpu / lines) * 1e6).toFixed(2)} µs CPU/line  ${(result.stored / 1e6).toFixed(1)} MB on the broker`);
  }
}
console.log('\nmedians (CPU of this process: the producer, then a consumer reading the topic back):');
console.log('| codec | lines/s | produce µs CPU/line | read µs CPU/line | MB on the broker | ratio |');
console.log('|---|---|---|---|---|---|');
for (const [codec, list] of results) {
  const stored = median(list.map((r) => r.stored));
  console.log(
    `| ${codec}${codec === 'gzip' ? ` (level ${args['gzip-level']})` : ''} | ${Math.round(lines / median(list.map((r) => r.seconds))).toLocaleString('en')} | ${((median(list.map((r) => r.produceCpu)) / lines) * 1e6).toFixed(2)} | ${((median(list.map((r) => r.readCpu)) / lines) * 1e6).toFixed(2)} | ${(stored / 1e6).toFixed(1)} | ${(rawBytes / stored).toFixed(1)}:1 |`,
  );
}
await admin.close();
