import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@logpipe/runtime';
import { BatchLease } from './batch-lease.js';

function fakePayload(heartbeat: () => Promise<void> = async () => undefined) {
  const payload = { beats: 0, stale: false, heartbeat: async () => { payload.beats++; await heartbeat(); }, isStale: () => payload.stale };
  return payload;
}

const kafkaError = (type: string) => Object.assign(new Error(`The group is rebalancing (${type})`), { type });

test('heartbeats while the batch is handled, and stops when released', async () => {
  const payload = fakePayload();
  const lease = new BatchLease(payload, new AbortController().signal, 10);
  await waitFor(() => payload.beats >= 3, { what: 'three heartbeats', timeoutMs: 2000 });
  lease.release();
  const beats = payload.beats;
  await new Promise((resolve) => setTimeout(resolve, 50)); // proving an absence: no beat after release
  assert.equal(payload.beats, beats);
  assert.equal(lease.signal.aborted, false);
});

test('a rebalance seen by the heartbeat aborts the batch and is kept for kafkajs to rejoin', async () => {
  const rebalance = kafkaError('REBALANCE_IN_PROGRESS');
  const lease = new BatchLease(fakePayload(() => Promise.reject(rebalance)), new AbortController().signal, 10);
  await waitFor(() => lease.signal.aborted, { what: 'the lease to abort', timeoutMs: 2000 });
  lease.release();
  assert.equal(lease.lost, rebalance);
});

test('a heartbeat that fails for another reason (broker briefly away) keeps the batch going', async () => {
  const payload = fakePayload(() => Promise.reject(kafkaError('REQUEST_TIMED_OUT')));
  const lease = new BatchLease(payload, new AbortController().signal, 10);
  await waitFor(() => payload.beats >= 3, { what: 'three heartbeat attempts', timeoutMs: 2000 });
  lease.release();
  assert.equal(lease.signal.aborted, false);
  assert.equal(lease.lost, undefined);
});

test('a stale partition or the source giving up its drain aborts the batch', async () => {
  const payload = fakePayload();
  const stale = new BatchLease(payload, new AbortController().signal, 10);
  payload.stale = true;
  await waitFor(() => stale.signal.aborted, { what: 'the stale lease to abort', timeoutMs: 2000 });
  stale.release();
  assert.equal(stale.lost, undefined);

  const stopping = new AbortController();
  const draining = new BatchLease(fakePayload(), stopping.signal, 10_000);
  stopping.abort();
  assert.equal(draining.signal.aborted, true);
  draining.release();
});
