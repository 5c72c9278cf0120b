// The agent's Kafka path alone: the same events the agent would make of the benchmark's lines,
// already encoded and packed into messages as the agent packs them (`[kafka] events_per_message`),
// sent by the agent's own producer (ship/producer-session) in batches of the default size, one
// after another as the shipper does. No file is read. What this reaches is the ceiling of the
// agent's file -> Kafka throughput with its Kafka client.
// Usage (after `npx tsc -b`, local servers up):
//   node bench/produce-only.mjs [--lines N] [--events-per-message N] [--batch-bytes N]
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { endpoints } from '@logpipe/services';
import { EventPacker, FileEventEncoder } from '@logpipe/event';
import { createKafka } from '@logpipe/kafka';
import { ProducerSession } from '../apps/logagent/dist/ship/producer-session.js';
import { KafkaShipper } from '../apps/logagent/dist/ship/kafka-shipper.js';
import { logLines } from './lib/log-file.mjs';
import { BenchKafka } from './lib/topics.mjs';

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '300000' },
    // [kafka] events_per_message and batch_bytes defaults
    'events-per-message': { type: 'string', default: '128' },
    'batch-bytes': { type: 'string', default: String(512 * 1024) },
  },
});
const lines = Number(args.lines);
const BATCH_BYTES = Number(args['batch-bytes']);
const servers = endpoints();

const path = '/var/log/nginx/access.log';
const encoder = new FileEventEncoder({
  fileKey: '3f9a1c2b7d4e5f60',
  path,
  hostName: hostname(),
  agent: { name: 'bench', id: '6c0e4a8e-3b1d-4f57-9a51-2f0d8c1e7b93', version: '0.1.0' },
  format: 'plain',
});
const timestamp = new Date().toISOString();
let offset = 0;
const messages = [];
let eventBytes = 0;
const key = Buffer.from(`bench:${path}`);
const packer = new EventPacker({ maxEvents: Number(args['events-per-message']) }, (value) => messages.push({ topic: '', key, value: Buffer.from(value) }));
for (const line of logLines(lines)) {
  const event = encoder.encode(line, offset, timestamp);
  eventBytes += event.length;
  packer.add(event);
  offset += Buffer.byteLength(line) + 1;
}
packer.flush();

const kafka = new BenchKafka(servers.kafkaBrokers);
await kafka.connect();
const topic = `bench_produce_only_${Date.now().toString(36)}`;
await kafka.createTopic(topic, 3);
const session = new ProducerSession({
  kafka: createKafka({ brokers: servers.kafkaBrokers, clientId: 'logpipe-bench' }, KafkaShipper.kafkaRetry),
  compression: 'gzip',
  topicPolicy: { create: false, partitions: 3, replicationFactor: 1 },
});
try {
  await session.connect();
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let batches = 0;
  for (let i = 0; i < messages.length; ) {
    const batch = [];
    let bytes = 0;
    while (i < messages.length && (batch.length === 0 || bytes + messages[i].value.length <= BATCH_BYTES)) {
      bytes += messages[i].value.length;
      batch.push({ ...messages[i++], topic });
    }
    await session.send(batch, [topic]);
    batches++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const held = await kafka.count(topic);
  console.log(
    `${lines} events (${Math.round(eventBytes / lines)} bytes each) in ${messages.length} messages, ${batches} batches: ` +
      `${seconds.toFixed(2)} s, ${Math.round(lines / seconds).toLocaleString('en')} lines/s, ` +
      `${((used.user + used.system) / 1e6).toFixed(1)} s CPU; topic holds ${held} messages`,
  );
} finally {
  await session.close();
  await kafka.deleteTopic(topic);
  await kafka.disconnect();
}
