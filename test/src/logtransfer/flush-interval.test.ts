import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { transferFixture, type TransferFixture } from './transfer-fixture.js';

const SENDS = 5;
const EVENTS_PER_SEND = 20;
const GAP_MS = 400;

/** Five small sends 400 ms apart to a one-partition topic; returns how many batches the transfer indexed them in. */
async function batchesFor(f: TransferFixture, flushInterval: string, group: string): Promise<number> {
  const transfer = await f.transfer({ group, ini: { bulk: [`flush_interval = ${flushInterval}`] } });
  transfer.start();
  const url = await metricsUrl(transfer);
  await transfer.waitForLog('joined the consumer group');
  const before = await f.count();
  for (let send = 0; send < SENDS; send++) {
    // Each send its own lines (another inode), so every send adds documents.
    await f.produce(f.agentEvents(EVENTS_PER_SEND, { inode: 1000 + before + send }).values);
    await delay(GAP_MS);
  }
  assert.equal(await f.waitForDocuments(before + SENDS * EVENTS_PER_SEND), before + SENDS * EVENTS_PER_SEND);
  // One bulk write per indexed batch: the duration histogram's count.
  const batches = (await metricValue(url, 'logtransfer_bulk_duration_seconds_count')) ?? 0;
  assert.equal(await transfer.stop(), 0, transfer.output);
  return batches;
}

test('[bulk] flush_interval: at low traffic, sends spread over 1.6 s are indexed together; without it, each as it comes', async (t) => {
  const f = await transferFixture('tr-flush', 1);
  t.after(() => f.cleanup());
  // The sends span 1.6 s, less than the interval: at most one fetch boundary falls among them.
  const held = await batchesFor(f, '3s', `${f.names.group}-held`);
  assert.ok(held >= 1 && held <= 2, `flush_interval = 3s indexed ${SENDS} sends in ${held} batches`);
  const immediate = await batchesFor(f, '0s', `${f.names.group}-immediate`);
  assert.ok(immediate >= 3, `flush_interval = 0s indexed ${SENDS} sends ${GAP_MS} ms apart in only ${immediate} batches`);
});
