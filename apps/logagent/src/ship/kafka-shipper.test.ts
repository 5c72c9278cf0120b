import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KafkaAdapterError, type Kafka, type OutgoingRecord } from '@logpipe/kafka';
import { Registry } from '@logpipe/metrics';
import { createLogger, sleep, waitFor } from '@logpipe/runtime';
import { createAgentMetrics } from '../agent-metrics.js';
import { KafkaShipper, type KafkaShipperOptions } from './kafka-shipper.js';
import { ProducerSession } from './producer-session.js';

/** What one `send` does: succeed, fail with an error, or wait for the test to settle it. */
type Outcome = Error | Deferred;

class Deferred {
  settle!: (err?: Error) => void;
  readonly promise = new Promise<void>((resolve, reject) => (this.settle = (err) => (err ? reject(err) : resolve())));
}

/** A stand-in for the Kafka adapter: producers that follow a script, and a record of what Kafka took. */
class FakeKafka {
  readonly producers: { disconnected: boolean }[] = [];
  connectFailures = 0;
  readonly outcomes: Outcome[] = [];
  /** Values of every batch Kafka took, one string per message. */
  readonly taken: string[][] = [];
  /** Values of every batch handed to a producer, as it was handed over. */
  readonly handed: string[][] = [];
  readonly topics = new Set<string>();

  producer() {
    const state = { disconnected: false };
    this.producers.push(state);
    // The client connects on first use: a broker that is down fails connect() and send() alike.
    const reach = () => {
      if (this.connectFailures > 0) {
        this.connectFailures--;
        throw new KafkaAdapterError('producing to Kafka: connect ECONNREFUSED 127.0.0.1:9092', true);
      }
    };
    return {
      connect: async () => reach(),
      send: async (records: OutgoingRecord[]) => {
        if (state.disconnected) throw new KafkaAdapterError('producing to Kafka: the producer is closed', false, { recreateProducer: true });
        reach();
        this.handed.push(records.map(({ topic, value }) => `${topic}:${value.toString()}`));
        const outcome = this.outcomes.shift();
        if (outcome instanceof Error) throw outcome;
        await outcome?.promise;
        this.taken.push(records.map(({ topic, value }) => `${topic}:${value.toString()}`));
      },
      close: async () => {
        state.disconnected = true;
      },
    };
  }

  admin() {
    return {
      listTopics: async () => [...this.topics],
      createTopics: async (topics: { topic: string }[]) => {
        for (const { topic } of topics) this.topics.add(topic);
      },
      close: async () => undefined,
    };
  }
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function startShipper(kafka: FakeKafka, overrides: Partial<KafkaShipperOptions> = {}) {
  const metrics = createAgentMetrics(new Registry());
  const shipper = new KafkaShipper({
    sender: new ProducerSession({ kafka: kafka as unknown as Kafka, compression: 'gzip', topicPolicy: { create: true, partitions: 1, replicationFactor: 1 } }),
    logger: createLogger({ write: () => undefined }),
    metrics,
    eventsPerMessage: 1,
    batchBytes: 1024 * 1024,
    batchMessages: 1000,
    lingerMs: 5,
    batchesInFlight: 4,
    maxInFlightBytes: 1024 * 1024,
    drainTimeoutMs: 5000,
    stallTimeoutMs: 10_000,
    retryBackoff: { initialMs: 2, maxMs: 10 },
    capacityRecheckMs: 500,
    ...overrides,
  });
  await shipper.start();
  stops.push(() => shipper.stop());
  const acknowledged: string[] = [];
  const enqueue = (name: string, values: string[], topic = 't') =>
    shipper.enqueue({
      topic,
      messages: values.map((value) => ({ key: Buffer.from(name), value: Buffer.from(value) })),
      lines: values.length,
      bytes: values.reduce((sum, v) => sum + v.length, 0),
      onAcknowledged: () => acknowledged.push(name),
    });
  const counter = async (name: 'produceErrors' | 'producerResets') => (await metrics[name].get()).values[0]?.value ?? 0;
  return { shipper, enqueue, acknowledged, counter };
}

test('lines go in batches of at most batch_messages, and chunks are acknowledged in enqueue order', async () => {
  const kafka = new FakeKafka();
  const { enqueue, acknowledged } = await startShipper(kafka, { batchMessages: 3, lingerMs: 50 });
  enqueue('a', ['a1', 'a2']);
  enqueue('b', ['b1', 'b2'], 'u');
  enqueue('c', ['c1']);
  await waitFor(() => acknowledged.length === 3, { what: 'all three chunks acknowledged', timeoutMs: 2000 });
  assert.deepEqual(kafka.taken, [['t:a1', 't:a2', 'u:b1'], ['u:b2', 't:c1']]);
  assert.deepEqual(acknowledged, ['a', 'b', 'c']);
  assert.deepEqual([...kafka.topics].sort(), ['t', 'u']);
});

test('up to batches_in_flight batches are handed over at once, and acknowledged only in order', async () => {
  const kafka = new FakeKafka();
  const sends = [new Deferred(), new Deferred(), new Deferred()];
  kafka.outcomes.push(...sends);
  const { enqueue, acknowledged } = await startShipper(kafka, { batchMessages: 1, batchesInFlight: 2, lingerMs: 1 });
  enqueue('a', ['a1']);
  enqueue('b', ['b1']);
  enqueue('c', ['c1']);
  await waitFor(() => kafka.handed.length === 2, { what: 'two batches handed over', timeoutMs: 2000 });
  await sleep(20);
  assert.equal(kafka.handed.length, 2, 'a third batch waits for the window');
  sends[1]!.settle();
  await sleep(20);
  assert.deepEqual(acknowledged, [], 'the second batch waits for the first');
  sends[0]!.settle();
  await waitFor(() => kafka.handed.length === 3, { what: 'the third batch handed over', timeoutMs: 2000 });
  assert.deepEqual(acknowledged, ['a', 'b']);
  sends[2]!.settle();
  await waitFor(() => acknowledged.length === 3, { what: 'every chunk acknowledged', timeoutMs: 2000 });
  assert.deepEqual(acknowledged, ['a', 'b', 'c']);
  assert.deepEqual(kafka.handed, [['t:a1'], ['t:b1'], ['t:c1']]);
});

test('after a failed batch, it and every batch handed over after it are sent again, one at a time, in order', async () => {
  const kafka = new FakeKafka();
  const first = new Deferred();
  const second = new Deferred();
  kafka.outcomes.push(first, second);
  const { enqueue, acknowledged, counter } = await startShipper(kafka, { batchMessages: 1, batchesInFlight: 4, lingerMs: 1 });
  enqueue('a', ['a1']);
  enqueue('b', ['b1']);
  await waitFor(() => kafka.handed.length === 2, { what: 'both batches handed over', timeoutMs: 2000 });
  first.settle(new KafkaAdapterError('producing to Kafka: NOT_LEADER_OR_FOLLOWER', true));
  await sleep(20);
  assert.equal(kafka.handed.length, 2, 'nothing is sent again while a batch is still out');
  second.settle();
  await waitFor(() => acknowledged.length === 2, { what: 'both chunks acknowledged', timeoutMs: 2000 });
  assert.deepEqual(acknowledged, ['a', 'b']);
  assert.deepEqual(kafka.handed, [['t:a1'], ['t:b1'], ['t:a1'], ['t:b1']]);
  assert.deepEqual(kafka.taken, [['t:b1'], ['t:a1'], ['t:b1']], 'the last copy of every line is in order');
  assert.equal(await counter('produceErrors'), 1);
});

test('a batch reaching batch_bytes goes without waiting for the linger', async () => {
  const kafka = new FakeKafka();
  const { enqueue, acknowledged } = await startShipper(kafka, { batchBytes: 4, lingerMs: 60_000 });
  enqueue('a', ['a1', 'a2', 'a3']);
  await waitFor(() => kafka.taken.length === 1, { what: 'the full batch sent', timeoutMs: 2000 });
  assert.deepEqual(kafka.taken, [['t:a1', 't:a2']]);
  assert.deepEqual(acknowledged, [], 'a chunk is acknowledged only once all its lines are');
});

test('a failed batch is retried, identical, until Kafka takes it; nothing is acknowledged before', async () => {
  const kafka = new FakeKafka();
  const down = new KafkaAdapterError('producing to Kafka: Connection error', true);
  kafka.outcomes.push(down, down, down);
  const { enqueue, acknowledged, counter } = await startShipper(kafka);
  enqueue('a', ['a1', 'a2']);
  await waitFor(() => acknowledged.length === 1, { what: 'the chunk acknowledged after the retries', timeoutMs: 2000 });
  assert.deepEqual(kafka.taken, [['t:a1', 't:a2']]);
  assert.equal(await counter('produceErrors'), 3);
  assert.equal(await counter('producerResets'), 0);
  assert.equal(kafka.producers.length, 1);
});

test('a producer whose state Kafka rejects is replaced, and the batch sent with the new one', async () => {
  const kafka = new FakeKafka();
  kafka.outcomes.push(new KafkaAdapterError('producing to Kafka: out of order sequence number', false, { recreateProducer: true }));
  const { enqueue, acknowledged, counter } = await startShipper(kafka);
  enqueue('a', ['a1']);
  await waitFor(() => acknowledged.length === 1, { what: 'the chunk acknowledged by the new producer', timeoutMs: 2000 });
  assert.deepEqual(kafka.producers.map((p) => p.disconnected), [true, false]);
  assert.deepEqual(kafka.taken, [['t:a1']]);
  assert.equal(await counter('producerResets'), 1);
});

test('an agent started while Kafka is down connects later and delivers', async () => {
  const kafka = new FakeKafka();
  kafka.connectFailures = 3;
  const { enqueue, acknowledged, counter } = await startShipper(kafka);
  enqueue('a', ['a1']);
  await waitFor(() => acknowledged.length === 1, { what: 'the chunk acknowledged once Kafka came up', timeoutMs: 2000 });
  assert.deepEqual(kafka.taken, [['t:a1']]);
  // The connect at startup failed once; the batch's own attempts met the other two failures.
  assert.equal(await counter('produceErrors'), 2);
});

test('readers pause at max_in_flight_bytes and resume once Kafka acknowledged', async () => {
  const kafka = new FakeKafka();
  const slow = new Deferred();
  kafka.outcomes.push(slow);
  const { shipper, enqueue, acknowledged } = await startShipper(kafka, { maxInFlightBytes: 10, capacityRecheckMs: 60_000 });
  enqueue('a', ['0123456789']);
  assert.equal(shipper.hasCapacity(), false);
  let resumed = false;
  const waiting = shipper.waitForCapacity().then(() => (resumed = true));
  await waitFor(() => kafka.outcomes.length === 0, { what: 'the batch in flight', timeoutMs: 2000 });
  assert.equal(resumed, false);
  slow.settle();
  await waiting;
  assert.deepEqual([shipper.hasCapacity(), shipper.inFlightBytes, acknowledged], [true, 0, ['a']]);
});

test('a reader waiting for capacity is let go now and then, so a stopped reader can notice', async () => {
  const kafka = new FakeKafka();
  kafka.outcomes.push(new Deferred());
  const { shipper, enqueue } = await startShipper(kafka, { maxInFlightBytes: 1, capacityRecheckMs: 10, drainTimeoutMs: 10 });
  enqueue('a', ['a1']);
  await shipper.waitForCapacity();
  assert.equal(shipper.hasCapacity(), false);
});

test('stop delivers what is queued without waiting for the linger', async () => {
  const kafka = new FakeKafka();
  const { shipper, enqueue, acknowledged } = await startShipper(kafka, { lingerMs: 60_000 });
  enqueue('a', ['a1']);
  await shipper.stop();
  assert.deepEqual([kafka.taken, acknowledged], [[['t:a1']], ['a']]);
  assert.equal(kafka.producers[0]!.disconnected, true);
});

test('stop while Kafka is down gives up at the drain timeout, even mid-request, and acknowledges nothing', { timeout: 10_000 }, async () => {
  const kafka = new FakeKafka();
  const never = new Deferred();
  kafka.outcomes.push(never);
  const { shipper, enqueue, acknowledged } = await startShipper(kafka, { drainTimeoutMs: 50 });
  enqueue('a', ['a1']);
  enqueue('b', ['b1']);
  await waitFor(() => kafka.outcomes.length === 0, { what: 'the batch in flight', timeoutMs: 2000 });
  await shipper.stop();
  assert.deepEqual([kafka.taken, acknowledged, shipper.inFlightBytes], [[], [], 4]);
  never.settle(new Error('late failure of the abandoned request'));
});

test('health fails once lines wait longer than stall_timeout without a delivery, and recovers', async () => {
  const kafka = new FakeKafka();
  const stuck = new Deferred();
  kafka.outcomes.push(stuck);
  const { shipper, enqueue } = await startShipper(kafka, { stallTimeoutMs: 30 });
  assert.equal(shipper.health().ok, true);
  enqueue('a', ['a1']);
  await waitFor(() => !shipper.health().ok || undefined, { what: 'health to fail while the batch is stuck', timeoutMs: 2000 });
  assert.match(shipper.health().detail, /^2 bytes waiting for \d+\.\d s without progress \(limit 0\.0 s\); no batch acknowledged yet$/);
  stuck.settle();
  await waitFor(() => shipper.health().ok || undefined, { what: 'health to recover after the delivery', timeoutMs: 2000 });
  assert.match(shipper.health().detail, /^0 bytes unacknowledged; last batch acknowledged \d+\.\d s ago$/);
});
