import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKafka, ensureTopics, KafkaAdapterError, readTopicToEnd, type Kafka } from '@logpipe/kafka';
import { waitFor } from '@logpipe/runtime';
import { kafkaConnection, scram } from './kafka-auth.js';
import { securePipeline, type SecurePipeline } from './secure-pipeline.js';

/** The apps' retries are for outages; a refusal must come back at once. */
const RETRY = { retries: 1, initialRetryTime: 100, maxRetryTime: 200 };
const clientOf = (user: 'logagent' | 'logtransfer' | 'admin'): Kafka => createKafka(kafkaConnection(scram(user), `logpipe-tests-${user}`), RETRY);

async function produce(kafka: Kafka, topic: string, value: string): Promise<void> {
  const producer = kafka.producer({ idempotent: true, compression: 'none' });
  try {
    await producer.send([{ topic, value: Buffer.from(value) }]);
  } finally {
    await producer.close();
  }
}

async function read(kafka: Kafka, topic: string): Promise<string[]> {
  const values: string[] = [];
  await readTopicToEnd(kafka, topic, (_partition, record) => values.push(record.value?.toString() ?? ''), 20_000);
  return values;
}

/** Rejects as a refusal whose message names `brokerError` and `principal`. */
async function refused(operation: Promise<unknown>, brokerError: string, principal: string): Promise<void> {
  await assert.rejects(operation, (err: unknown) => {
    assert.ok(err instanceof KafkaAdapterError, String(err));
    assert.ok(err.denied, `not reported as denied: ${err.message}`);
    assert.match(err.message, new RegExp(brokerError));
    assert.ok(err.message.includes(principal), `does not name ${principal}: ${err.message}`);
    return true;
  });
}

/** A pipeline whose apps have exactly their ACLs, with its topic (and `more`) made by the operator, one partition each. */
async function grantedPipeline(label: string, more: (p: SecurePipeline) => string[] = () => []): Promise<SecurePipeline> {
  const p = await securePipeline(label);
  after(() => p.cleanup());
  await p.grantAgent();
  await p.grantTransfer();
  await p.admin.createTopics([p.names.topic, ...more(p)].map((topic) => ({ topic, partitions: 1, replicationFactor: 1 })));
  return p;
}

test("each app's ACLs allow what it needs and nothing more", async () => {
  const p = await grantedPipeline('kaclscope', (pipeline) => [pipeline.outsideTopic]);
  const topic = p.names.topic;
  const outside = p.outsideTopic;
  const agent = clientOf('logagent');
  const transfer = clientOf('logtransfer');

  // The agent writes its topics, and only them; it reads nothing.
  await produce(agent, topic, 'from the agent');
  await refused(produce(agent, outside, 'nope'), 'TOPIC_AUTHORIZATION_FAILED', 'User:logagent');
  await refused(read(agent, topic), 'GROUP_AUTHORIZATION_FAILED', 'User:logagent');

  // The transfer reads them only in its own group (the pipeline tests read with it), never
  // writes them, and writes (and creates) its dead letter topic.
  await refused(read(transfer, topic), 'GROUP_AUTHORIZATION_FAILED', 'User:logtransfer');
  await refused(produce(transfer, topic, 'nope'), 'TOPIC_AUTHORIZATION_FAILED', 'User:logtransfer');
  const admin = transfer.admin();
  try {
    await ensureTopics(admin, [`${topic}.dlq`], { create: true, partitions: 1, replicationFactor: 1 });
    await refused(admin.createTopics([{ topic: `${topic}_other`, partitions: 1, replicationFactor: 1 }]), 'TOPIC_AUTHORIZATION_FAILED', 'User:logtransfer');
    await refused(admin.createAcls([{ principal: 'User:logtransfer', resource: 'topic', name: topic, pattern: 'prefixed', operation: 'write' }]), 'CLUSTER_AUTHORIZATION_FAILED', 'User:logtransfer');
  } finally {
    await admin.close();
  }
  await produce(transfer, `${topic}.dlq`, 'a dead letter');
  assert.deepEqual(await read(clientOf('admin'), topic), ['from the agent']);
  assert.deepEqual(await read(clientOf('admin'), `${topic}.dlq`), ['a dead letter']);
});

test('the transfer, with only its ACLs, creates <topic>.dlq and writes there what Elasticsearch rejects', async () => {
  const p = await grantedPipeline('kacldlq');
  const topic = p.names.topic;
  // One partition, so the message that sets `some.field` to an object comes before the one that conflicts.
  const time = '2026-01-15T10:00:00.000Z';
  const good = Array.from({ length: 200 }, (_, i) => JSON.stringify({ '@timestamp': time, message: `good ${i}`, some: { field: { inner: i } } }));
  const poison = JSON.stringify({ '@timestamp': time, message: 'conflicts with the mapping', some: { field: 'a string' } });
  const producer = clientOf('logagent').producer({ idempotent: true, compression: 'none' });
  try {
    await producer.send([...good.slice(0, 100), poison, ...good.slice(100)].map((value) => ({ topic, value: Buffer.from(value) })));
  } finally {
    await producer.close();
  }

  const transfer = (await p.transfer(scram('logtransfer'), topic)).start();
  assert.equal(await p.waitForDocuments(200), 200);
  const admin = clientOf('admin');
  let dead: string[] = [];
  await waitFor(async () => (dead = await read(admin, `${topic}.dlq`).catch(() => [])).length >= 1 || undefined, { what: `a dead letter in ${topic}.dlq`, timeoutMs: 30_000, intervalMs: 250 });
  assert.deepEqual(dead, [poison]);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  assert.equal(await p.count(), 200);
});
