import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { Etcd3 } from 'etcd3';
import { Etcd3PrefixStore, EtcdMirror, type EtcdEntry, type PrefixWatchEvents } from '@logpipe/etcd-mirror';
import { createLogger, waitFor } from '@logpipe/runtime';
import { endpoints } from '@logpipe/services';
import { etcdProxy } from '../logagent/etcd-test-support.js';
import { uniqueNames } from '../support/unique-names.js';

/** The real etcd with keys under a prefix of the test's own, removed afterwards. */
function etcdFor(t: TestContext, label: string) {
  const prefix = uniqueNames(label).etcdPrefix;
  const etcd = new Etcd3({ hosts: endpoints().etcdEndpoints });
  t.after(async () => {
    await etcd.delete().prefix(`${prefix}/`).catch(() => undefined);
    etcd.close();
  });
  return { etcd, prefix };
}

/** A mirror of `prefixes` through `endpoint`, recording what it hands its owner and what it logs. */
function mirrorOf(t: TestContext, endpoint: string, prefixes: string[]) {
  const listings: EtcdEntry[][] = [];
  const changes: string[] = [];
  const logs: Record<string, unknown>[] = [];
  let resyncs = 0;
  const mirror = new EtcdMirror({
    store: new Etcd3PrefixStore({ hosts: [endpoint] }),
    prefixes,
    logger: createLogger({ write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
    messages: { watchDisconnected: 'watch disconnected', watchReconnected: 'watch reconnected', watchFailed: 'watch failed', resyncFailed: 'resync failed' },
    onListing: (entries) => listings.push(entries),
    onPut: (entry) => changes.push(`put ${entry.key}=${entry.value}`),
    onDelete: (key) => changes.push(`delete ${key}`),
    onResynced: () => resyncs++,
  });
  // A test stops it itself before its servers go; this is for one that failed first.
  t.after(() => mirror.stop());
  const logged = (message: string) => logs.filter((l) => l.message === message).length;
  const waitForChanges = (count: number) =>
    waitFor(() => changes.length >= count, { what: `${count} changes through the watch`, timeoutMs: 10_000, intervalMs: 20 }).catch((err: Error) => {
      throw new Error(`${err.message}; seen: ${changes.join('; ')}`);
    });
  return { mirror, listings, changes, logged, resyncs: () => resyncs, waitForChanges };
}

const keysOf = (entries: EtcdEntry[] | undefined) => (entries ?? []).map((e) => `${e.key}=${e.value}`);

test('Etcd3PrefixStore: a watch from the revision after a listing reports exactly the changes made since', async (t) => {
  const { etcd, prefix } = etcdFor(t, 'mirror-store');
  const store = new Etcd3PrefixStore({ hosts: endpoints().etcdEndpoints });
  t.after(() => store.close());
  await etcd.put(`${prefix}/a/1`).value('listed');
  const listing = await store.list(`${prefix}/a/`, Date.now() + 5000);
  assert.deepEqual(keysOf(listing.entries), [`${prefix}/a/1=listed`]);
  // Other work shares this etcd, so the store's revision may be past the key's own.
  assert.ok(BigInt(listing.entries[0]!.revision) <= listing.revision, `key revision ${listing.entries[0]!.revision}, listing revision ${listing.revision}`);

  // Made after the listing and before the watch: the watch must still report these.
  await etcd.put(`${prefix}/a/2`).value('between');
  await etcd.delete().key(`${prefix}/a/1`);
  await etcd.put(`${prefix}/b/1`).value('another prefix');
  const seen: string[] = [];
  const events: PrefixWatchEvents = {
    put: (entry) => seen.push(`put ${entry.key}=${entry.value}`),
    delete: (key) => seen.push(`delete ${key}`),
    disconnected: () => seen.push('disconnected'),
    connected: () => seen.push('connected'),
    error: (err) => seen.push(`error ${String(err)}`),
  };
  const watch = await store.watch(`${prefix}/a/`, listing.revision + 1n);
  watch.follow(events);
  await etcd.put(`${prefix}/a/3`).value('after');
  await waitFor(() => seen.length >= 3, { what: `3 watch events (seen: ${seen.join('; ')})`, timeoutMs: 10_000, intervalMs: 20 });
  assert.deepEqual(seen, [`put ${prefix}/a/2=between`, `delete ${prefix}/a/1`, `put ${prefix}/a/3=after`]);
  await watch.cancel();
});

test('EtcdMirror on the real etcd: one listing of two prefixes, then their puts and deletes, nothing else', async (t) => {
  const { etcd, prefix } = etcdFor(t, 'mirror-sync');
  await etcd.put(`${prefix}/own/x`).value('1');
  await etcd.put(`${prefix}/all/y`).value('2');
  await etcd.put(`${prefix}/other/z`).value('not mirrored');
  const m = mirrorOf(t, endpoints().etcdEndpoints[0]!, [`${prefix}/own/`, `${prefix}/all/`]);
  await m.mirror.sync();
  assert.deepEqual(m.listings.map(keysOf), [[`${prefix}/own/x=1`, `${prefix}/all/y=2`]]);

  await etcd.put(`${prefix}/all/y`).value('3');
  await etcd.put(`${prefix}/other/z`).value('still not mirrored');
  await etcd.delete().key(`${prefix}/own/x`);
  await m.waitForChanges(2);
  assert.deepEqual(m.changes, [`put ${prefix}/all/y=3`, `delete ${prefix}/own/x`]);
  assert.equal(m.resyncs(), 0, 'etcd up all along: the watches\' first connect is no reconnect');
  assert.equal(m.logged('watch disconnected'), 0);
  await m.mirror.stop();
});

test('EtcdMirror through a cut connection: the drop is logged once; the reconnect resyncs with what changed meanwhile', async (t) => {
  const { etcd, prefix } = etcdFor(t, 'mirror-outage');
  const { proxy, endpoint } = await etcdProxy();
  t.after(() => proxy.stop());
  await etcd.put(`${prefix}/a/kept`).value('1');
  await etcd.put(`${prefix}/a/gone`).value('1');
  const m = mirrorOf(t, endpoint, [`${prefix}/a/`, `${prefix}/b/`]);
  await m.mirror.sync();

  proxy.pause();
  await waitFor(() => m.logged('watch disconnected') === 1, { what: 'the mirror to log the drop', timeoutMs: 10_000, intervalMs: 20 });
  assert.equal(m.mirror.watchInterrupted, true);
  // Written past the proxy: only a listing after the reconnect can tell the mirror.
  await etcd.delete().key(`${prefix}/a/gone`);
  await etcd.put(`${prefix}/b/new`).value('2');

  proxy.resume();
  await waitFor(() => m.resyncs() === 1, { what: 'the resync after the reconnect', timeoutMs: 20_000, intervalMs: 20 });
  assert.deepEqual(keysOf(m.listings.at(-1)), [`${prefix}/a/kept=1`, `${prefix}/b/new=2`]);
  assert.equal(m.mirror.watchInterrupted, false);
  assert.equal(m.logged('watch disconnected'), 1, 'two watches, one drop: logged once');
  assert.equal(m.logged('watch reconnected'), 1);

  // The new watches follow on; the replaced ones report nothing twice.
  const before = m.changes.length;
  await etcd.put(`${prefix}/b/new`).value('3');
  await m.waitForChanges(before + 1);
  assert.deepEqual(m.changes.slice(before), [`put ${prefix}/b/new=3`]);
  assert.equal(m.resyncs(), 1);
  await m.mirror.stop();
});

test('EtcdMirror: stop() does not wait for a listing that an unanswering etcd holds', async (t) => {
  const { prefix } = etcdFor(t, 'mirror-stall');
  // Accepts connections and never answers, as a server behind a network that drops packets.
  const held = new Set<Socket>();
  const silent = createServer((socket) => held.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
  const m = mirrorOf(t, `http://127.0.0.1:${(silent.address() as { port: number }).port}`, [`${prefix}/a/`]);
  m.mirror.resync();
  await waitFor(() => held.size > 0, { what: 'the listing to connect to the silent server', timeoutMs: 5000, intervalMs: 20 });
  const started = Date.now();
  await m.mirror.stop();
  const took = Date.now() - started;
  assert.ok(took < 2000, `stop took ${took} ms; the listing's own deadline is 10 s`);
  assert.deepEqual(m.listings, []);
  assert.equal(m.resyncs(), 0);
});
