import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, waitFor } from '@logpipe/runtime';
import { EtcdMirror, type EtcdMirrorMessages } from './etcd-mirror.js';
import { FakePrefixStore } from './fake-prefix-store.js';

const MESSAGES: EtcdMirrorMessages = {
  watchDisconnected: 'watch disconnected',
  watchReconnected: 'watch reconnected',
  watchFailed: 'watch failed',
  resyncFailed: 'resync failed',
};

/** A mirror on a fake etcd that records what it hands its owner and what it logs. */
function mirrorOf(store: FakePrefixStore, prefixes = ['/a/']) {
  const calls: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const mirror = new EtcdMirror({
    store,
    prefixes,
    logger: createLogger({ write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
    messages: MESSAGES,
    onListing: (entries) => calls.push(`listing [${entries.map((e) => `${e.key}=${e.value}@${e.revision}`).join(' ')}]`),
    onPut: (entry) => calls.push(`put ${entry.key}=${entry.value}@${entry.revision}`),
    onDelete: (key) => calls.push(`delete ${key}`),
    onResynced: () => calls.push('resynced'),
  });
  const logged = (message: string) => logs.filter((l) => l.message === message);
  const waitForCall = (call: string) =>
    waitFor(() => calls.includes(call), { what: `the mirror to report "${call}"`, timeoutMs: 3000, intervalMs: 10 }).catch((err: Error) => {
      throw new Error(`${err.message}; reported: ${calls.join('; ')}`);
    });
  return { mirror, calls, logs, logged, waitForCall };
}

test('a sync lists every prefix, hands over their keys, and watches each from right after its listing', async () => {
  const store = new FakePrefixStore();
  store.put('/a/x', '1');
  store.put('/b/y', '2');
  store.put('/c/z', 'not mirrored');
  const { mirror, calls, logs } = mirrorOf(store, ['/a/', '/b/']);
  const before = Date.now();
  await mirror.sync();

  assert.deepEqual(store.listed, ['/a/', '/b/']);
  assert.ok(store.deadlines.every((d) => d >= before + 10_000 && d <= Date.now() + 10_000), `listing deadlines ${store.deadlines.join(', ')}`);
  assert.deepEqual(store.watches.map((w) => `${w.prefix} from ${w.startRevision}`), ['/a/ from 4', '/b/ from 4']);
  store.put('/a/x', 'changed');
  store.delete('/b/y');
  store.put('/c/z', 'still not mirrored');
  assert.deepEqual(calls, ['listing [/a/x=1@1 /b/y=2@2]', 'put /a/x=changed@4', 'delete /b/y']);
  assert.deepEqual(logs, [], 'a sync the owner awaits is neither logged nor reported as a resync');
  await mirror.stop();
});

test('concurrent syncs and resyncs share one attempt: one listing, one set of watches', async () => {
  const store = new FakePrefixStore();
  store.listing = 'hold';
  const { mirror, calls, waitForCall } = mirrorOf(store);
  const first = mirror.sync();
  const second = mirror.sync();
  mirror.resync();
  mirror.resync();
  store.release();
  await Promise.all([first, second]);
  await waitForCall('resynced');

  assert.deepEqual(store.listed, ['/a/']);
  assert.equal(store.watches.length, 1);
  assert.deepEqual(calls, ['listing []', 'resynced']);
  await mirror.stop();
});

test('a resync retries a refused listing with backoff and remembers why, until one succeeds', async () => {
  const store = new FakePrefixStore();
  store.put('/a/x', '1');
  store.listing = 'fail';
  const { mirror, calls, logged, waitForCall } = mirrorOf(store);
  mirror.resync();
  await waitFor(() => logged('resync failed').length === 1, { what: 'a failed attempt to be logged', timeoutMs: 3000, intervalMs: 10 });
  const [failure] = logged('resync failed');
  assert.equal((failure!.err as { message: string }).message, '14 UNAVAILABLE: connect ECONNREFUSED');
  assert.ok((failure!.retryInMs as number) >= 250 && (failure!.retryInMs as number) <= 500, `first retry in ${String(failure!.retryInMs)} ms`);
  assert.equal((mirror.resyncError as Error).message, '14 UNAVAILABLE: connect ECONNREFUSED');

  store.listing = 'answer';
  await waitForCall('resynced');
  assert.deepEqual(store.listed, ['/a/', '/a/']);
  assert.deepEqual(calls, ['listing [/a/x=1@1]', 'resynced']);
  assert.equal(mirror.resyncError, undefined);
  await mirror.stop();
});

test('a dropped stream is reported once, and its reconnect resyncs once, with what changed meanwhile', async () => {
  const store = new FakePrefixStore();
  store.put('/a/x', '1');
  const { mirror, calls, logged, waitForCall } = mirrorOf(store, ['/a/', '/b/']);
  await mirror.sync();
  const [oldA, oldB] = store.watches;

  // etcd3 reports a drop on every watch, and again for each failed reconnect.
  store.dropStream(3);
  assert.equal(logged('watch disconnected').length, 1);
  assert.equal(mirror.watchInterrupted, true);
  store.put('/b/y', 'made during the outage');
  assert.equal(calls.length, 1, 'a change during the outage cannot reach the mirror by the watch');

  // Both watches report the reconnect: one resync, one new set of watches.
  store.reconnectStream();
  await waitForCall('resynced');
  assert.equal(logged('watch reconnected').length, 1);
  assert.deepEqual(store.listed, ['/a/', '/b/', '/a/', '/b/']);
  assert.deepEqual(calls, ['listing [/a/x=1@1]', 'listing [/a/x=1@1 /b/y=made during the outage@2]', 'resynced']);
  assert.ok(oldA!.cancelled && oldB!.cancelled, 'the old watches were cancelled');
  assert.deepEqual(store.liveWatches().map((w) => `${w.prefix} from ${w.startRevision}`), ['/a/ from 3', '/b/ from 3']);
  assert.equal(mirror.watchInterrupted, false);

  // Replacing the watches is not another drop or reconnect.
  store.put('/a/x', '2');
  assert.deepEqual(calls.at(-1), 'put /a/x=2@3');
  assert.equal(logged('watch disconnected').length, 1);
  assert.equal(logged('watch reconnected').length, 1);
  await mirror.stop();
});

test('the mirror counts as interrupted until a listing succeeds, though the stream is back', async () => {
  const store = new FakePrefixStore();
  const { mirror, logged, waitForCall } = mirrorOf(store);
  await mirror.sync();
  store.dropStream();
  store.listing = 'fail';
  store.reconnectStream();
  await waitFor(() => logged('resync failed').length === 1, { what: 'the resync after the reconnect to fail', timeoutMs: 3000, intervalMs: 10 });
  assert.equal(mirror.watchInterrupted, true);
  store.listing = 'answer';
  await waitForCall('resynced');
  assert.equal(mirror.watchInterrupted, false);
  await mirror.stop();
});

test('a watch etcd cancelled is logged and resynced from a fresh listing', async () => {
  const store = new FakePrefixStore();
  const { mirror, logged, waitForCall } = mirrorOf(store);
  await mirror.sync();
  store.watches[0]!.events!.error(new Error('Watcher canceled: mvcc: required revision has been compacted'));
  await waitForCall('resynced');
  assert.equal(logged('watch failed').length, 1);
  assert.deepEqual(store.listed, ['/a/', '/a/']);
  assert.equal(store.liveWatches().length, 1);
  await mirror.stop();
});

test('stop cancels the watches and closes the store, without waiting long for a cancel etcd never confirms', async () => {
  const store = new FakePrefixStore();
  const { mirror } = mirrorOf(store, ['/a/', '/b/']);
  await mirror.sync();
  store.watches[0]!.cancelHangs = true;
  const started = Date.now();
  const stopping = mirror.stop();
  assert.equal(mirror.stop(), stopping, 'a second stop() shares the first');
  await stopping;
  const took = Date.now() - started;
  assert.ok(took >= 900 && took < 2000, `stop took ${took} ms; it gives a cancel 1 s`);
  assert.ok(store.watches.every((w) => w.cancelled));
  assert.equal(store.closed, true);
  assert.equal(mirror.stopSignal.aborted, true);
});

test('stop does not wait for a listing etcd never answers, and a late answer applies nothing', async () => {
  const store = new FakePrefixStore();
  store.listing = 'hold';
  const { mirror, calls, logs } = mirrorOf(store);
  mirror.resync();
  await waitFor(() => store.listed.length === 1, { what: 'the listing to be sent', timeoutMs: 3000, intervalMs: 10 });
  const started = Date.now();
  await mirror.stop();
  assert.ok(Date.now() - started < 500, `stop took ${Date.now() - started} ms`);

  store.release();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, []);
  assert.equal(store.watches.length, 0);
  assert.deepEqual(logs, []);
});
