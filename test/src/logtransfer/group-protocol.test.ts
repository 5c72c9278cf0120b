import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@logpipe/runtime';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { transferFixture } from './transfer-fixture.js';

/**
 * Both group protocols, on the same story: events keep coming while one worker is killed with
 * kill -9 and another joins. Every event ends up indexed once, and the group commits all of them.
 * `consumer` (KIP-848) needs Kafka 4, the harness's default broker.
 */
for (const protocol of ['classic', 'consumer'] as const) {
  test(`group_protocol = ${protocol}: a worker killed and one added mid-stream, exactly N documents`, async (t) => {
    const f = await transferFixture(`tr-proto-${protocol}`, 6);
    t.after(() => f.cleanup());
    const ini = { kafka: ['max_bytes_per_partition = 64KiB', `group_protocol = ${protocol}`] };
    const first = await f.transfer({ ini });
    const victim = await f.transfer({ ini });
    first.start();
    victim.start();
    const [firstUrl, victimUrl] = await Promise.all([metricsUrl(first), metricsUrl(victim)]);
    const assigned = async (url: string) => (await metricValue(url, 'logtransfer_partitions_assigned')) ?? 0;
    await waitFor(async () => ((await assigned(firstUrl)) + (await assigned(victimUrl)) === 6 && (await assigned(victimUrl)) > 0) || undefined, {
      what: 'the two workers to share the six partitions',
      timeoutMs: 60_000,
      intervalMs: 250,
    });

    const events = f.agentEvents(12_000);
    // A steady stream in the background: 500 events every 100 ms, over all six partitions.
    let sent = 0;
    const producing = (async () => {
      while (sent < events.values.length) {
        await f.produce(events.values.slice(sent, sent + 500), 500);
        sent += 500;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await waitFor(async () => ((await metricValue(victimUrl, 'logtransfer_documents_indexed_total')) ?? 0) > 0 || undefined, {
      what: 'the second worker to index its first documents',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    await victim.kill();
    const added = await f.transfer({ ini });
    added.start();
    const addedUrl = await metricsUrl(added);
    await producing;
    assert.equal(sent, 12_000);

    // The dead member's partitions move once its session times out; the new member gets some too.
    await waitFor(async () => ((await assigned(firstUrl)) + (await assigned(addedUrl)) === 6 && (await assigned(addedUrl)) > 0) || undefined, {
      what: 'the surviving and the added worker to share the six partitions',
      timeoutMs: 90_000,
      intervalMs: 250,
    });
    await f.waitForCommitted(12_000, undefined, 90_000);
    const documents = await f.documents();
    assert.equal(documents.length, 12_000);
    assert.deepEqual(documents.map((d) => d.id), [...events.ids].sort());
    assert.equal(await first.stop(), 0, `the first worker did not exit cleanly:\n${first.output}`);
    assert.equal(await added.stop(), 0, `the added worker did not exit cleanly:\n${added.output}`);
  });
}
