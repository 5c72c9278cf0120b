import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints } from '@logpipe/services';
import { sleep, waitFor } from '@logpipe/runtime';
import { TcpProxy } from '../support/tcp-proxy.js';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { transferFixture } from './transfer-fixture.js';

const OUTAGE_MS = 15_000;

test('Elasticsearch down for 15 s mid-stream: nothing committed past what was indexed, the worker stays in its group, then exactly N documents', async (t) => {
  const f = await transferFixture('tr-outage', 2);
  const elasticsearch = new URL(endpoints().elasticsearchUrl);
  const proxy = new TcpProxy(0, { host: elasticsearch.hostname, port: Number(elasticsearch.port) });
  await proxy.start();
  t.after(async () => {
    await proxy.stop();
    await f.cleanup();
  });
  const transfer = await f.transfer({ elasticsearchUrl: `http://127.0.0.1:${proxy.port}` });
  transfer.start();
  const url = await metricsUrl(transfer);
  const events = f.agentEvents(3000);
  const consumed = async () => (await metricValue(url, 'logtransfer_messages_consumed_total', { topic: f.names.topic })) ?? 0;

  await f.produce(events.values.slice(0, 1000));
  await f.waitForCommitted(1000);
  assert.equal(await f.count(), 1000);

  proxy.pause();
  const outageEnds = Date.now() + OUTAGE_MS;
  // The rest keeps arriving during the outage, in four pieces.
  for (let piece = 0; piece < 4; piece++) {
    await f.produce(events.values.slice(1000 + piece * 500, 1500 + piece * 500));
    await sleep(1000);
  }
  // Proving an absence, so this polls for the rest of the outage: nothing is committed beyond
  // what Elasticsearch holds (the 1,000 from before), and the worker keeps running.
  let consumedAtLastPiece: number | undefined;
  while (Date.now() < outageEnds) {
    assert.deepEqual([await f.committedTotal(), await f.count()], [1000, 1000], 'committed offsets moved during the outage');
    assert.equal((await fetch(`${url}/healthz`)).status, 200, 'the transfer stopped serving during the outage');
    if (Date.now() > outageEnds - 6000) consumedAtLastPiece ??= await consumed();
    await sleep(500);
  }
  // Backpressure: the batches in flight block their partitions, so nothing more was fetched.
  assert.equal(await consumed(), consumedAtLastPiece, 'the worker kept fetching while Elasticsearch was down');
  assert.ok(consumedAtLastPiece! < 3000, `all ${consumedAtLastPiece} messages were fetched during the outage`);
  assert.ok(((await metricValue(url, 'logtransfer_bulk_request_failures_total')) ?? 0) > 0, 'no bulk request failed: the outage did not reach the transfer');
  assert.equal(await metricValue(url, 'logtransfer_elasticsearch_reachable'), 0);
  const lag = await Promise.all([0, 1].map((p) => metricValue(url, 'logtransfer_consumer_lag', { topic: f.names.topic, partition: String(p) })));
  assert.deepEqual(lag, [1000, 1000], 'consumer lag during the outage');
  // 15 s is short of the unhealthy threshold, but /healthz already says what is going on.
  const health = (await (await fetch(`${url}/healthz`)).json()) as { healthy: boolean; checks: Record<string, { ok: boolean; detail: string }> };
  assert.equal(health.healthy, true);
  assert.match(health.checks.elasticsearch!.detail, /^unreachable for \d+ s/);

  proxy.resume();
  await f.waitForCommitted(3000);
  const documents = await f.documents();
  assert.equal(documents.length, 3000);
  assert.deepEqual(documents.map((d) => d.id), [...events.ids].sort());
  // Heartbeats went on during the retries: the worker never left its group (one join only).
  assert.equal(await metricValue(url, 'logtransfer_rebalances_total'), 1);
  assert.equal(transfer.logs.filter((l) => String(l.message).startsWith('consumer crashed')).length, 0, 'the consumer crashed');
  // The probe runs every 5 s, each try allowed 5 s: a deadline for what surely comes.
  await waitFor(async () => (await metricValue(url, 'logtransfer_elasticsearch_reachable')) === 1 || undefined, { what: 'the probe to see Elasticsearch again', timeoutMs: 30_000 });
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
});
