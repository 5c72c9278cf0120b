import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@elastic/elasticsearch';
import { createSearchClient } from '@logpipe/search';
import { endpoints, serverStatus, startServers } from '@logpipe/services';
import { sleep, waitFor } from '@logpipe/runtime';
import { transferFixture } from '../logtransfer/transfer-fixture.js';
import { allDocuments, countDocuments } from '../support/elasticsearch.js';

/**
 * An Elasticsearch node dies under two transfer workers: the harness's 2-node cluster, where the
 * transfer's template gives every log index one replica, loses node 2 to `kill -9` while events
 * stream in, then gets it back. Every event must be indexed exactly once, and at the end both
 * nodes must hold every document: the acknowledged writes were on both copies.
 */
const SEARCH_NODES = ['elasticsearch-1', 'elasticsearch-2'] as const;
const EVENTS = 16_000;
const PER_TICK = 100;
const TICK_MS = 100;

async function countOnNode(url: string, index: string): Promise<number> {
  const client = createSearchClient({ node: url });
  try {
    await client.indices.refresh({ index });
    // Only this node's own shard copies: with one replica on two nodes, each has every document.
    return (await client.count({ index, preference: '_only_local' })).count;
  } finally {
    await client.close();
  }
}

async function waitForGreen(es: Client, index: string): Promise<void> {
  await waitFor(async () => (await es.cluster.health({ index, timeout: '1s' }).catch(() => undefined))?.status === 'green' || undefined, {
    what: `${index} to be green (a copy of every shard on both nodes)`,
    timeoutMs: 90_000,
    intervalMs: 500,
  });
}

test('kill -9 of an Elasticsearch node mid-stream, then its restart: every event once, and on both nodes', async (t) => {
  await startServers([...SEARCH_NODES]);
  const [masterUrl, victimUrl] = endpoints().searchClusterUrls as [string, string];
  const f = await transferFixture('es-node-kill', 2);
  // Node 1, the master, is never killed: the test's own reads go there.
  const es = createSearchClient({ node: masterUrl });
  t.after(async () => {
    await startServers(['elasticsearch-2']); // whatever happened, the next run gets two nodes
    await es.indices.delete({ index: f.index, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
    await es.close();
    await f.cleanup();
  });
  const workers = [await f.transfer({ elasticsearchUrl: `${masterUrl},${victimUrl}` }), await f.transfer({ elasticsearchUrl: `${masterUrl},${victimUrl}` })];
  for (const w of workers) w.start();
  await Promise.all(workers.map((w) => w.waitForLog('logtransfer started')));

  const events = f.agentEvents(EVENTS);
  let produced = 0;
  const producing = (async () => {
    const started = Date.now();
    while (produced < EVENTS) {
      const next = Math.min(EVENTS, produced + PER_TICK);
      await f.produce(events.values.slice(produced, next));
      produced = next;
      await sleep(Math.max(0, started + (produced / PER_TICK) * TICK_MS - Date.now())); // pacing the stream, not waiting for a condition
    }
  })();
  t.after(() => producing.catch(() => undefined));

  let indexed = 0;
  await waitFor(async () => (indexed = await countDocuments(es, f.index)) >= 3000 || undefined, { what: `3000 documents before the kill (have ${indexed})`, timeoutMs: 60_000, intervalMs: 250 });
  await waitForGreen(es, f.index);
  const settings = await es.indices.getSettings({ index: f.index });
  assert.deepEqual(Object.values(settings).map((s) => s.settings?.index?.auto_expand_replicas), ['0-1'], 'the template gives log indices a replica that follows the data nodes');

  const [victim] = await serverStatus(['elasticsearch-2']);
  process.kill(victim!.pid!, 'SIGKILL');
  const producedAtKill = produced;
  await waitFor(async () => (await es.cat.nodes({ format: 'json' }).catch(() => [])).length === 1 || undefined, { what: 'the master to drop the killed node', timeoutMs: 60_000, intervalMs: 250 });
  // Events keep coming and are indexed on node 1 alone for a while.
  await waitFor(async () => (indexed = await countDocuments(es, f.index)) >= producedAtKill + 2000 || undefined, {
    what: `indexing to go on with one node (have ${indexed}, produced ${producedAtKill} at the kill)`,
    timeoutMs: 60_000,
    intervalMs: 250,
  });
  await startServers(['elasticsearch-2']);

  await producing;
  await f.waitForCommitted(EVENTS, undefined, 90_000);
  assert.equal(await countDocuments(es, f.index), EVENTS);
  const indexedIds = (await allDocuments<{ event: { id: string } }>(es, f.index)).map((d) => d.event.id);
  assert.equal(indexedIds.length, EVENTS);
  assert.deepEqual(new Set(indexedIds), new Set(events.ids), 'every event once, by event id');
  await waitForGreen(es, f.index);
  assert.deepEqual([await countOnNode(masterUrl, f.index), await countOnNode(victimUrl, f.index)], [EVENTS, EVENTS], 'both nodes hold every document');
});
