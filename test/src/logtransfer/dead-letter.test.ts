import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { serverUnderTest } from '../support/search-server.js';
import { EVENT_DAY, transferFixture } from './transfer-fixture.js';

test('documents the mapping rejects go to <topic>.dlq with their original value and why; every other one is indexed', async (t) => {
  // One partition: the document that sets the mapping must come before the ones that conflict.
  const f = await transferFixture('tr-dlq', 1);
  t.after(() => f.cleanup());
  const good = f.agentEvents(500);
  // An agent event whose label `test.sub` needs `labels.test` to be an object, while the other
  // events made it a keyword.
  const poisonEvent = f.agentEvents(1, { inode: 2 }).values[0]!.replace('"labels":{"test":"tr-dlq"}', '"labels":{"test.sub":"x"}');
  assert.match(poisonEvent, /"labels":\{"test\.sub":"x"\}/);
  // A foreign JSON message that makes `some.field` an object, then one where it is a string.
  const time = `${EVENT_DAY}T10:00:00.000Z`;
  const setsObject = JSON.stringify({ '@timestamp': time, message: 'sets the mapping', some: { field: { inner: 1 } } });
  const poisonJson = JSON.stringify({ '@timestamp': time, message: 'conflicts with it', some: { field: 'a string' } });
  await f.produce([
    ...good.values.slice(0, 250),
    { key: 'poison-event', value: poisonEvent },
    setsObject,
    ...good.values.slice(250),
    { key: 'poison-json', value: poisonJson },
  ]);
  const transfer = await f.transfer();
  transfer.start();
  const url = await metricsUrl(transfer);

  await f.waitForCommitted(503);
  const documents = await f.documents();
  assert.equal(documents.length, 501);
  assert.deepEqual(documents.map((d) => d.id), [...good.ids, `${f.names.topic}-0-251`].sort());

  const dlq = await f.readMessages(`${f.names.topic}.dlq`);
  assert.deepEqual(
    dlq.map(({ key, value, headers }) => ({ key, value, headers: { ...headers, 'dlq.reason': '' } })),
    [
      { key: 'poison-event', value: poisonEvent, headers: { 'dlq.topic': f.names.topic, 'dlq.partition': '0', 'dlq.offset': '250', 'dlq.status': '400', 'dlq.reason': '' } },
      { key: 'poison-json', value: poisonJson, headers: { 'dlq.topic': f.names.topic, 'dlq.partition': '0', 'dlq.offset': '502', 'dlq.status': '400', 'dlq.reason': '' } },
    ],
  );
  for (const message of dlq) {
    const reason = JSON.parse(message.headers['dlq.reason']!) as { type: string; reason: string };
    // The same refusal, named by each server its own way.
    assert.equal(reason.type, (await serverUnderTest()).flavour === 'opensearch' ? 'mapper_parsing_exception' : 'document_parsing_exception', message.headers['dlq.reason']);
  }
  assert.equal(await metricValue(url, 'logtransfer_documents_dead_lettered_total', { topic: f.names.topic }), 2);
  assert.equal(await metricValue(url, 'logtransfer_documents_indexed_total'), 501);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
});
