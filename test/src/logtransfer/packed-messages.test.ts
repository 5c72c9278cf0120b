import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventPacker } from '@logpipe/event';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { transferFixture } from './transfer-fixture.js';

interface EventDocument {
  message: string;
  event: { id: string };
  log: { offset: number };
}

/** Packs `values` as the agent does (wire format v2), `perMessage` events a message. */
function pack(values: string[], perMessage: number): string[] {
  const messages: string[] = [];
  const packer = new EventPacker({ maxEvents: perMessage }, (value) => messages.push(value));
  for (const value of values) packer.add(value);
  packer.flush();
  return messages;
}

test('a packed message of N events becomes exactly N documents, each with its event id; v1 messages still index; a replay adds none', async (t) => {
  const f = await transferFixture('tr-packed', 2);
  t.after(() => f.cleanup());
  const packed = f.agentEvents(1000);
  const messages = pack(packed.values, 128);
  assert.equal(messages.length, 8);
  // An older agent's messages: one v1 event each.
  const old = f.agentEvents(20, { inode: 2 });
  const v1 = old.values.map((value) => value.replace('"logpipe":{"v":2,', '"logpipe":{"v":1,'));
  assert.ok(v1.every((value) => value.includes('"v":1')));
  await f.produce([...messages, ...v1]);

  const transfer = await f.transfer();
  transfer.start();
  const url = await metricsUrl(transfer);
  await f.waitForCommitted(messages.length + v1.length);
  const documents = await f.documents<EventDocument>();
  assert.deepEqual(documents.map((d) => d.id), [...packed.ids, ...old.ids].sort());
  const byId = new Map(documents.map((d) => [d.id, d.source]));
  for (const [i, id] of packed.ids.entries()) assert.equal(byId.get(id)?.message, packed.lines[i]);
  for (const [i, id] of old.ids.entries()) assert.equal(byId.get(id)?.message, old.lines[i]);
  assert.equal(await metricValue(url, 'logtransfer_documents_indexed_total'), 1020);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);

  // The same messages consumed again by another group, and the agent re-sending the lines packed
  // another way (after a restart, a read may end elsewhere): still the same 1,020 documents.
  await f.produce(pack(packed.values, 100));
  const replayGroup = `${f.names.group}-replay`;
  const replay = await f.transfer({ group: replayGroup });
  replay.start();
  await f.waitForCommitted(messages.length + v1.length + 10, replayGroup);
  assert.equal(await f.count(), 1020);
  assert.equal(await replay.stop(), 0, `the replaying logtransfer did not exit cleanly:\n${replay.output}`);
});

test('an event of a pack that Elasticsearch rejects is dead-lettered alone, as its own line; the rest of the pack is indexed', async (t) => {
  const f = await transferFixture('tr-packed-dlq', 1);
  t.after(() => f.cleanup());
  const good = f.agentEvents(10);
  // `labels.test.sub` needs `labels.test` to be an object; the good events made it a keyword.
  const poison = f.agentEvents(1, { inode: 2 }).values[0]!.replace('"labels":{"test":"tr-packed-dlq"}', '"labels":{"test.sub":"x"}');
  assert.match(poison, /"labels":\{"test\.sub":"x"\}/);
  const [message, ...more] = pack([...good.values.slice(0, 5), poison, ...good.values.slice(5)], 128);
  assert.equal(more.length, 0);
  await f.produce([{ key: 'the-file', value: message! }]);

  const transfer = await f.transfer();
  transfer.start();
  await f.waitForCommitted(1);
  assert.deepEqual((await f.documents()).map((d) => d.id), [...good.ids].sort());
  const dlq = await f.readMessages(`${f.names.topic}.dlq`);
  assert.deepEqual(
    dlq.map(({ key, value, headers }) => ({ key, value, headers: { ...headers, 'dlq.reason': '' } })),
    [{ key: 'the-file', value: poison, headers: { 'dlq.topic': f.names.topic, 'dlq.partition': '0', 'dlq.offset': '0', 'dlq.status': '400', 'dlq.reason': '' } }],
  );
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
});
