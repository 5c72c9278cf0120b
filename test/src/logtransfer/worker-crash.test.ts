import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@logpipe/runtime';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { transferFixture } from './transfer-fixture.js';

test('two workers in one group, one killed with kill -9 mid-stream: the survivor takes over its partitions, exactly N documents', async (t) => {
  const f = await transferFixture('tr-crash', 4);
  t.after(() => f.cleanup());
  // Small fetches, so each worker goes through many batches rather than one.
  const ini = { kafka: ['max_bytes_per_partition = 64KiB'] };
  const survivor = await f.transfer({ ini });
  const victim = await f.transfer({ ini });
  survivor.start();
  victim.start();
  const [survivorUrl, victimUrl] = await Promise.all([metricsUrl(survivor), metricsUrl(victim)]);
  const assigned = (url: string) => metricValue(url, 'logtransfer_partitions_assigned');
  // Deadlines for what surely comes: a rebalance waits for each member's next heartbeat (3 s), and
  // a dead member for its session timeout (10 s), on what may be a loaded machine.
  await waitFor(async () => ((await assigned(survivorUrl)) === 2 && (await assigned(victimUrl)) === 2) || undefined, {
    what: 'the two workers to share the four partitions',
    timeoutMs: 60_000,
    intervalMs: 250,
  });

  const events = f.agentEvents(8000);
  await f.produce(events.values.slice(0, 4000), 250);
  await waitFor(async () => ((await metricValue(victimUrl, 'logtransfer_documents_indexed_total')) ?? 0) > 0 || undefined, {
    what: 'the second worker to index its first documents',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  await victim.kill();
  // The second half goes to all four partitions too: the dead worker's two can only be indexed
  // by the survivor.
  await f.produce(events.values.slice(4000), 250);

  // Once the group notices the dead member (its session times out), the survivor gets all four.
  await waitFor(async () => (await assigned(survivorUrl)) === 4 || undefined, { what: 'the survivor to be assigned all four partitions', timeoutMs: 60_000, intervalMs: 250 });
  await f.waitForCommitted(8000);
  const documents = await f.documents();
  assert.equal(documents.length, 8000);
  assert.deepEqual(documents.map((d) => d.id), [...events.ids].sort());
  assert.equal(await survivor.stop(), 0, `the survivor did not exit cleanly:\n${survivor.output}`);
});
