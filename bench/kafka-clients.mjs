// kafkajs against @platformatic/kafka on the agent's own workload, in one run (issue #12): the
// events the agent makes of the benchmark's nginx lines, packed as the agent packs them
// (`[kafka] events_per_message`), sent by an idempotent producer with acks=all and gzip. Each
// workload alternates the clients run by run, each run into a new topic, and afterwards reads the
// topic back: exactly the messages sent, and per key in the order they were sent.
// Usage (after `npx tsc -b`, local Kafka up):
//   scripts/node bench/kafka-clients.mjs [--events N] [--runs N] [--clients kafkajs,platformatic]
import { parseArgs } from 'node:util';
import { Producer, ProduceAcks } from '@platformatic/kafka';
import { endpoints } from '@logpipe/services';
import { agentMessages } from './lib/agent-messages.mjs';
import { peerPackage } from './lib/peer-package.mjs';
import { BenchKafka } from './lib/topics.mjs';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '500000' },
    'single-events': { type: 'string', default: '300000' },
    runs: { type: 'string', default: '7' },
    clients: { type: 'string', default: 'kafkajs,platformatic' },
  },
});
const runs = Number(args.runs);
const clients = args.clients.split(',');
const brokers = endpoints().kafkaBrokers;
// kafkajs is no longer a dependency: the last release, installed into the cache for this comparison.
const { Kafka, CompressionTypes, logLevel } = peerPackage('kafkajs', '2.2.4');
// kafkajs arms a timer with minus the epoch, which Node 24 warns about once per process.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  if ((rest[0]?.type ?? rest[0]) === 'TimeoutNegativeWarning' || warning?.name === 'TimeoutNegativeWarning') return;
  emitWarning(warning, ...rest);
};


/**
 * A workload: its messages, each with a key and its place in its key's order, cut into sends of
 * about 512 KiB (`[kafka] batch_bytes`), and how many sends are in flight at once.
 */
function workload(name, values, keys, inFlight, events) {
  const messages = values.map((value, i) => ({ key: Buffer.from(`k${i % keys}`), value, seq: Math.floor(i / keys) }));
  const sends = [];
  let current = [];
  let bytes = 0;
  for (const m of messages) {
    current.push(m);
    bytes += m.value.length;
    if (bytes >= 512 * 1024) {
      sends.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) sends.push(current);
  return { name, sends, messages: messages.length, events, partitions: keys, inFlight };
}

/** Runs `send` over the workload's batches with `inFlight` outstanding: the wall time and this process's CPU. */
async function drive(load, send) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let next = 0;
  const lane = async () => {
    while (next < load.sends.length) await send(load.sends[next++]);
  };
  await Promise.all(Array.from({ length: load.inFlight }, lane));
  const used = process.cpuUsage(cpu);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
}

const headerOf = (m) => ({ seq: String(m.seq) });

const CLIENTS = {
  async kafkajs(load, topic) {
    const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: load.inFlight > 1 ? 5 : 1 });
    await producer.connect();
    try {
      return await drive(load, (batch) =>
        producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: batch.map((m) => ({ key: m.key, value: m.value, headers: headerOf(m) })) }),
      );
    } finally {
      await producer.disconnect();
    }
  },
  async platformatic(load, topic) {
    const producer = new Producer({ clientId: 'bench-platformatic', bootstrapBrokers: brokers, idempotent: true, acks: ProduceAcks.ALL, compression: 'gzip' });
    try {
      // The producer id is fetched by the first send, inside the clock, as kafkajs's is. (An
      // explicit initIdempotentProducer() before it left that send unsettled in 2.12.1.)
      return await drive(load, (batch) =>
        producer.send({
          messages: batch.map((m) => ({ topic, key: m.key, value: m.value, headers: new Map([[Buffer.from('seq'), Buffer.from(String(m.seq))]]) })),
        }),
      );
    } finally {
      await producer.close();
    }
  },
};

/** Reads the topic back: the message count, and whether every key's messages are in send order. */
async function check(topic) {
  const kafka = new Kafka({ clientId: 'bench-check', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(offsets.filter((p) => Number(p.high) > 0).map((p) => [p.partition, Number(p.high)]));
  let count = 0;
  let outOfOrder = 0;
  const last = new Map();
  if (remaining.size === 0) return { count, outOfOrder };
  const consumer = kafka.consumer({ groupId: `bench-check-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise((resolve, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            count++;
            const key = message.key.toString();
            const seq = Number(message.headers.seq.toString());
            if (seq <= (last.get(key) ?? -1)) outOfOrder++;
            last.set(key, seq);
          }
          if (Number(batch.highWatermark) <= Number(batch.lastOffset()) + 1) remaining.delete(batch.partition);
          if (remaining.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return { count, outOfOrder };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const events = Number(args.events);
const packed = agentMessages(events, 128);
const singleEvents = Number(args['single-events']);
const single = agentMessages(singleEvents, 1);
const loads = [
  workload(`${events.toLocaleString('en')} events packed 128 a message, 1 key`, packed, 1, 1, events),
  workload('the same, 3 keys over 3 partitions', packed, 3, 1, events),
  workload('the same, 5 sends queued', packed, 3, 5, events),
  workload(`${singleEvents.toLocaleString('en')} events, one a message`, single, 3, 1, singleEvents),
];

const bench = new BenchKafka(brokers);
await bench.connect();
const table = [];
for (const load of loads) {
  const results = Object.fromEntries(clients.map((c) => [c, []]));
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? clients : [...clients].reverse();
    for (const client of order) {
      const topic = `bench_clients_${client}_${Date.now().toString(36)}_${run}`;
      await bench.createTopic(topic, load.partitions);
      const { seconds, cpuSeconds } = await CLIENTS[client](load, topic);
      const { count, outOfOrder } = await check(topic);
      await bench.deleteTopic(topic);
      const rate = load.events / seconds;
      results[client].push({ rate, cpuPerEvent: (cpuSeconds / load.events) * 1e6, exact: count === load.messages, outOfOrder });
      process.stderr.write(`${load.name} | ${client} run ${run + 1}: ${Math.round(rate)} ev/s, ${count}/${load.messages} messages, ${outOfOrder} out of order\n`);
    }
  }
  table.push({ load, results });
}
await bench.disconnect();

const cell = (rows) => {
  const wrong = rows.filter((r) => !r.exact).length;
  const disordered = rows.filter((r) => r.outOfOrder > 0).length;
  const notes = [wrong ? `**${wrong} runs not exact**` : '', disordered ? `**out of order in ${disordered} runs**` : ''].filter(Boolean).join(', ');
  return `${Math.round(median(rows.map((r) => r.rate)) / 1000)}k ev/s (${median(rows.map((r) => r.cpuPerEvent)).toFixed(1)} µs CPU/event)${notes ? `, ${notes}` : ''}`;
};
console.log(`\nmedians of ${runs} alternating runs; idempotent, acks=all, gzip; Node ${process.versions.node}\n`);
console.log(`| workload | ${clients.join(' | ')} |${clients.length === 2 ? ' ratio |' : ''}`);
console.log(`|---|${clients.map(() => '---|').join('')}${clients.length === 2 ? '---|' : ''}`);
for (const { load, results } of table) {
  const ratio = clients.length === 2 ? ` ${(median(results[clients[1]].map((r) => r.rate)) / median(results[clients[0]].map((r) => r.rate))).toFixed(2)} |` : '';
  console.log(`| ${load.name} | ${clients.map((c) => cell(results[c])).join(' | ')} |${ratio}`);
}
