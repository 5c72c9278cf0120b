import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@logpipe/runtime';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { EVENT_DAY, transferFixture } from './transfer-fixture.js';

interface IndexedEvent {
  '@timestamp': string;
  message: string;
  event: { id: string; ingested: string };
  log: { offset: number; file: { path: string } };
  labels: Record<string, string>;
  logpipe?: unknown;
}

test('N agent events in, exactly N documents out, each under its event id', async (t) => {
  const f = await transferFixture('tr-index', 4);
  t.after(() => f.cleanup());
  const events = f.agentEvents(2000);
  const transfer = await f.transfer({ ini: { log: ['level = debug'] } });
  transfer.start();
  const url = await metricsUrl(transfer);
  await f.produce(events.values);

  await f.waitForCommitted(2000);
  // Every commit is logged at debug with its partition's next offset, so the last of each add up to all 2000.
  await waitFor(
    () => {
      const next = new Map<unknown, number>();
      for (const l of transfer.logs) if (l.message === 'committed offsets' && l.topic === f.names.topic) next.set(l.partition, Math.max(next.get(l.partition) ?? 0, Number(l.offset)));
      return [...next.values()].reduce((sum, n) => sum + n, 0) === 2000 || undefined;
    },
    { what: "'committed offsets' debug lines up to offset 2000 in all", timeoutMs: 10_000, intervalMs: 100 },
  );
  const documents = await f.documents<IndexedEvent>();
  assert.equal(documents.length, 2000);
  assert.deepEqual(documents.map((d) => d.id), [...events.ids].sort());
  const lineById = new Map(events.ids.map((id, i) => [id, events.lines[i]]));
  for (const { id, source } of documents) {
    assert.equal(source.event.id, id);
    assert.equal(source.message, lineById.get(id));
    assert.equal(source.labels.test, 'tr-index');
    assert.equal(source['@timestamp'].slice(0, 10), EVENT_DAY);
    assert.ok(!Number.isNaN(Date.parse(source.event.ingested)), 'event.ingested is set');
    assert.equal(source.logpipe, undefined, 'wire-only metadata is not indexed');
  }

  assert.equal(await metricValue(url, 'logtransfer_documents_indexed_total'), 2000);
  assert.equal(await metricValue(url, 'logtransfer_messages_consumed_total', { topic: f.names.topic }), 2000);
  assert.equal(await metricValue(url, 'logtransfer_rebalances_total'), 1);
  assert.equal(await metricValue(url, 'logtransfer_partitions_assigned'), 4);
  // Lag is refreshed on an interval: wait for the refresh that saw the last commits.
  await waitFor(
    async () => {
      const lags = await Promise.all([0, 1, 2, 3].map((p) => metricValue(url, 'logtransfer_consumer_lag', { topic: f.names.topic, partition: String(p) })));
      return lags.every((lag) => lag === 0) || undefined;
    },
    { what: 'consumer lag 0 on all 4 partitions', timeoutMs: 15_000, intervalMs: 500 },
  );
  const health = await fetch(`${url}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), {
    healthy: true,
    checks: {
      kafka_consumer: { ok: true, detail: 'consuming' },
      elasticsearch: { ok: true, detail: 'reachable' },
      etcd_routes: { ok: true, detail: 'watching' },
      etcd_target_topics: { ok: true, detail: 'watching' },
    },
  });

  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
});

test('a replay by a new consumer group, and the agent re-sending every line, still give exactly N documents', async (t) => {
  const f = await transferFixture('tr-replay', 2);
  t.after(() => f.cleanup());
  const events = f.agentEvents(1000, { hour: 10 });
  await f.produce(events.values);
  const first = await f.transfer();
  first.start();
  await f.waitForCommitted(1000);
  assert.equal(await f.count(), 1000);
  assert.equal(await first.stop(), 0, first.output);

  // A new group consumes every message of the topic again.
  const replayGroup = `${f.names.group}-replay`;
  const second = await f.transfer({ group: replayGroup });
  second.start();
  await f.waitForCommitted(1000, replayGroup);
  assert.equal(await f.count(), 1000);

  // The agent sends the same lines again (same file, same offsets), read an hour later.
  const resent = f.agentEvents(1000, { hour: 11 });
  assert.deepEqual(resent.ids, events.ids);
  await f.produce(resent.values);
  await f.waitForCommitted(2000, replayGroup);
  const documents = await f.documents<IndexedEvent>();
  assert.equal(documents.length, 1000);
  assert.deepEqual(documents.map((d) => d.id), [...events.ids].sort());
  // Each document is the re-sent copy: the replay really went through Elasticsearch.
  assert.ok(documents.every((d) => d.source['@timestamp'].startsWith(`${EVENT_DAY}T11:`)), 're-sent copies replaced the first ones');
  assert.equal(await second.stop(), 0, second.output);
});
