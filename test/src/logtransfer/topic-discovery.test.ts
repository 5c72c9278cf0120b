import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { transferFixture, waitForLogWhere } from './transfer-fixture.js';

test('a new topic matching [kafka] topics is consumed without a restart: exactly N documents, and nothing else is consumed twice', async (t) => {
  const f = await transferFixture('tr-discover', 2);
  t.after(() => f.cleanup());
  const base = f.names.topic;
  // A dead-letter topic matches the regex too, but is never consumed: rejected documents must not come back.
  const dlq = await f.createTopic('.dlq', 1);
  await f.produceTo(dlq, 1, ['{"rejected":"before"}']);
  const first = f.agentEvents(1000);
  await f.produce(first.values);

  const transfer = await f.transfer({ topics: `/^${base}.*/`, ini: { kafka: ['topics_refresh = 1s'] } });
  transfer.start();
  const url = await metricsUrl(transfer);
  await f.waitForCommitted(1000);
  const pid = transfer.pid;

  // A new topic appears and gets N messages; meanwhile the old topic keeps receiving, in small
  // sends, so batches are in flight when the consumer restarts.
  const fresh = await f.createTopic('_new', 3);
  const added = f.agentEvents(1500, { inode: 2 });
  const more = f.agentEvents(500, { inode: 3 });
  await f.produceTo(fresh, 3, added.values);
  await f.produce(more.values, 25);
  await waitForLogWhere(transfer, 'the topics to consume changed; restarting the consumer with the new set', (l) => JSON.stringify(l.added) === JSON.stringify([fresh]));
  await f.waitForCommittedOn(fresh, 1500);
  await f.waitForCommitted(1500);

  const documents = await f.documents(`logs-${base}*`);
  assert.deepEqual(documents.map((d) => d.id), [...first.ids, ...added.ids, ...more.ids].sort(), 'every event once');
  assert.equal(await f.countIn(`logs-${fresh}-*`), 1500);
  assert.deepEqual([await f.committedOn(fresh), await f.committedOn(base), await f.committedOn(dlq)], [1500, 1500, 0]);
  assert.equal(transfer.pid, pid, 'the same process throughout');
  // Indexed once each: the restart dropped what it had fetched but not handed off, uncommitted,
  // and the new consumer fetched it again, rather than indexing anything twice.
  assert.equal(await metricValue(url, 'logtransfer_documents_indexed_total'), 3000);
  assert.deepEqual(
    [await metricValue(url, 'logtransfer_messages_consumed_total', { topic: base }), await metricValue(url, 'logtransfer_messages_consumed_total', { topic: fresh })],
    [1500, 1500],
  );
  assert.equal(await metricValue(url, 'logtransfer_resubscriptions_total'), 1);
  assert.equal(await metricValue(url, 'logtransfer_topics_subscribed'), 2);
  assert.equal(await transfer.stop(), 0, transfer.output);
});
