import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints } from '@logpipe/services';
import { sleep, waitFor } from '@logpipe/runtime';
import { TcpProxy } from '../support/tcp-proxy.js';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { transferFixture } from './transfer-fixture.js';

test('SIGTERM with bulks in flight: they finish, their offsets are committed, the worker leaves its group and exits 0', async (t) => {
  const f = await transferFixture('tr-sigterm', 2);
  const elasticsearch = new URL(endpoints().elasticsearchUrl);
  const proxy = new TcpProxy(0, { host: elasticsearch.hostname, port: Number(elasticsearch.port) });
  await proxy.start();
  t.after(async () => {
    await proxy.stop();
    await f.cleanup();
  });
  const events = f.agentEvents(2000);
  // One batch in flight: the batch being indexed at SIGTERM holds only part of what is waiting
  // (a second one may be fetched, but waits to be handed off, and is dropped uncommitted).
  const ini = { kafka: ['max_bytes_per_partition = 64KiB', 'batches_in_flight = 1'] };
  const transfer = await f.transfer({ elasticsearchUrl: `http://127.0.0.1:${proxy.port}`, ini });
  transfer.start();
  const url = await metricsUrl(transfer);
  await f.produce(events.values.slice(0, 1000));
  await f.waitForCommitted(1000);

  // Hold the next batches in flight: Elasticsearch stops answering while they are being indexed.
  proxy.pause();
  await f.produce(events.values.slice(1000));
  await waitFor(async () => ((await metricValue(url, 'logtransfer_bulk_request_failures_total')) ?? 0) > 0 || undefined, {
    what: 'the transfer to be retrying bulks against the stopped Elasticsearch',
    timeoutMs: 10_000,
    intervalMs: 100,
  });
  const exited = transfer.stop();
  await transfer.waitForLog('stopping');
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  await sleep(2000); // proving an absence: the worker does not give up its batches on SIGTERM
  assert.equal(exitedEarly, false, `logtransfer exited without finishing its batches:\n${transfer.output}`);
  proxy.resume();

  assert.equal(await exited, 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  const indexed = await f.count();
  assert.ok(indexed > 1000, `the batches in flight at SIGTERM were not indexed (${indexed} documents)`);
  assert.ok(indexed < 2000, 'the transfer kept fetching after SIGTERM');
  assert.equal(await f.committedTotal(), indexed, 'committed offsets differ from the documents indexed');
  const group = await f.admin.describeGroup(f.names.group);
  assert.deepEqual({ state: group.state, members: group.members }, { state: 'Empty', members: 0 });

  // What was not consumed before the stop is consumed by the next worker: nothing is lost.
  const next = await f.transfer({ ini });
  next.start();
  await next.waitForLog('running');
  await f.waitForCommitted(2000);
  const documents = await f.documents();
  assert.deepEqual(documents.map((d) => d.id), [...events.ids].sort());
  assert.equal(await next.stop(), 0, `the second logtransfer did not exit cleanly:\n${next.output}`);
});

test('SIGTERM while Elasticsearch is down from the start: the waiting batches are abandoned uncommitted at the drain timeout, exit 0', async (t) => {
  const f = await transferFixture('tr-sigterm-down', 2);
  const elasticsearch = new URL(endpoints().elasticsearchUrl);
  const proxy = new TcpProxy(0, { host: elasticsearch.hostname, port: Number(elasticsearch.port) });
  await proxy.start();
  proxy.pause();
  t.after(async () => {
    await proxy.stop();
    await f.cleanup();
  });
  await f.produce(f.agentEvents(500).values);
  // shutdown_timeout 8 s: the batches may keep retrying for 3 s (the drain timeout) of it.
  const transfer = await f.transfer({ elasticsearchUrl: `http://127.0.0.1:${proxy.port}`, ini: { transfer: ['shutdown_timeout = 8s'] } });
  transfer.start();
  const url = await metricsUrl(transfer);
  await waitFor(async () => ((await metricValue(url, 'logtransfer_messages_consumed_total', { topic: f.names.topic })) ?? 0) > 0 || undefined, {
    what: 'the transfer to hold batches waiting for Elasticsearch',
    // A process start and a first group join: a deadline for what surely comes, on a loaded machine too.
    timeoutMs: 30_000,
    intervalMs: 100,
  });
  const stopped = Date.now();
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  assert.ok(Date.now() - stopped < 8000, `the stop took ${Date.now() - stopped} ms, past shutdown_timeout`);
  assert.ok(transfer.logs.some((l) => l.message === 'batches still not indexed at the drain timeout; abandoning them uncommitted'));
  assert.equal(await f.committedTotal(), 0);
  assert.equal(await f.count(), 0);
});
