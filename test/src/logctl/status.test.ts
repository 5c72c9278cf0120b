import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KafkaAdmin, KafkaProducer } from '@logpipe/kafka';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { logctlOk, serverFlags } from './logctl-support.js';

interface Status {
  group: string;
  topics: { topic: string; exists: boolean; partitions: { partition: number; low: number; high: number; committed: number | null; lag: number }[]; end_offset: number; lag: number; messages_per_second: number; documents_today: number | null; index_today: string | null }[];
  agents: { name: string; host: string; metrics_url: string; backlog_bytes: number | null; files: number | null }[];
  documents_today: { index: string; count: number } | null;
  errors: string[];
}

const utcDay = (d: Date) => `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${String(d.getUTCDate()).padStart(2, '0')}`;

test('status shows a paused consumer group\'s real lag, messages/s, agents\' backlog and today\'s documents', async () => {
  const f = await agentFixture('logctl-status');
  const es = elasticsearchClient();
  const admin: KafkaAdmin = f.kafka.admin();
  const producer: KafkaProducer = f.kafka.producer({ idempotent: false, compression: 'none' });
  const topic = `${f.names.topic}_lag`;
  const index = `logs-${topic}-${utcDay(new Date())}`;
  after(async () => {
    await producer.close();
    await admin.deleteGroups([f.names.group]).catch(() => undefined);
    await admin.close();
    await es.indices.delete({ index, ignore_unavailable: true });
    await es.close();
    await f.cleanup();
  });
  const flags = [...serverFlags(f.names.etcdPrefix), '--group', f.names.group];

  // The transfer is paused: its group committed offset 0 on both partitions, then 30 messages came.
  await admin.createTopics([{ topic, partitions: 2, replicationFactor: 1 }]);
  await admin.setGroupOffsets(f.names.group, topic, [{ partition: 0, offset: 0 }, { partition: 1, offset: 0 }]);
  await producer.send(Array.from({ length: 30 }, (_, i) => ({ topic, value: Buffer.from(`m${i}`), partition: i % 2 })));
  // It had indexed 7 documents today.
  await es.bulk({ refresh: true, operations: Array.from({ length: 7 }, (_, i) => [{ index: { _index: index, _id: `d${i}` } }, { '@timestamp': new Date().toISOString(), message: `d${i}` }]).flat() });
  assert.equal(await countDocuments(es, index), 7);

  // A live agent whose target's topic is the one lagging: status finds the topic through etcd.
  const file = join(f.logDir, 'app.log');
  await writeFile(file, 'one\ntwo\n');
  await f.putTarget('app', { path: file, topic });
  f.agent.start();
  await f.agent.waitForLog('running');
  // The agent's two lines join the topic (in one or two messages), none of them committed.
  const endOffset = async () => (await admin.topicOffsets(topic)).reduce((sum, p) => sum + p.high, 0);
  await waitFor(async () => (await endOffset()) > 30, { what: `the agent's lines in ${topic}`, timeoutMs: 20_000 });
  await f.agent.waitForLog('target started');
  const end = await endOffset();

  const status = JSON.parse((await logctlOk(['status', '--json', ...flags])).stdout) as Status;
  assert.deepEqual(status.errors, []);
  assert.equal(status.group, f.names.group);
  assert.equal(status.topics.length, 1);
  const [lagging] = status.topics;
  assert.equal(lagging!.topic, topic);
  assert.equal(lagging!.end_offset, end);
  assert.equal(lagging!.lag, end, 'a group that committed 0 lags by every message');
  assert.deepEqual(lagging!.partitions.map((p) => [p.partition, p.committed]), [[0, 0], [1, 0]]);
  assert.equal(lagging!.messages_per_second, 0);
  assert.equal(lagging!.documents_today, 7);
  assert.equal(lagging!.index_today, index);
  assert.ok(status.documents_today!.count >= 7);
  assert.equal(status.documents_today!.index, `logs-*-${utcDay(new Date())}`);
  assert.equal(status.agents.length, 1);
  assert.equal(status.agents[0]!.name, f.names.agentName);
  assert.equal(status.agents[0]!.backlog_bytes, 0, 'the agent has shipped its file');
  assert.equal(status.agents[0]!.files, 1);

  // The transfer catches up on partition 0 only; messages keep coming in while status samples.
  await admin.setGroupOffsets(f.names.group, topic, [{ partition: 0, offset: lagging!.partitions[0]!.high }]);
  const flowing = setInterval(() => void producer.send([{ topic, value: Buffer.from('more'), partition: 1 }]).catch(() => undefined), 50);
  const human = await logctlOk(['status', '--topic', topic, ...flags]).finally(() => clearInterval(flowing));
  const row = human.stdout.split('\n').find((line) => line.startsWith(topic));
  assert.ok(row, human.stdout);
  const [, partitions, , lag, rate, docs] = row.trim().split(/\s+/);
  assert.equal(partitions, '2');
  assert.ok(Number(lag!.replace(/,/g, '')) >= lagging!.partitions[1]!.lag, `lag ${lag} is less than partition 1's`);
  assert.ok(Number(rate) > 0, `messages/s ${rate} while messages were flowing`);
  assert.equal(docs, '7');
  assert.match(human.stdout, new RegExp(`Documents indexed today \\(logs-\\*-${utcDay(new Date()).replace(/\./g, '\\.')}\\): [\\d,]+`));
});
