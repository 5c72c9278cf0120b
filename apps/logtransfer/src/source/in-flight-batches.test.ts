import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@logpipe/runtime';
import { InFlightBatches, type BatchJob } from './in-flight-batches.js';

/** A batch whose indexing the test finishes (or fails) by hand; commits and cancels are recorded. */
function harness(limit = 8) {
  const commits: string[] = [];
  const cancelled: string[] = [];
  const failures: string[] = [];
  const batches = new InFlightBatches({
    limit,
    logger: createLogger({ write: () => undefined }),
    onFailure: (topic, partition, err) => failures.push(`${topic}/${partition}: ${(err as Error).message}`),
  });
  const start = async (partition: number, nextOffset: number) => {
    const ticket = await batches.admit();
    assert.notEqual(ticket, undefined);
    let finish!: () => void;
    let fail!: (err: Error) => void;
    const work = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const name = `p${partition}@${nextOffset}`;
    const job: BatchJob = {
      topic: 't',
      partition,
      nextOffset: String(nextOffset),
      commit: async (offset) => {
        commits.push(`p${partition}:${offset}`);
      },
      cancel: () => cancelled.push(name),
    };
    batches.track(ticket!, job, work);
    return { finish, fail };
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { batches, commits, cancelled, failures, start, settle };
}

test('a partition commits in order: a later batch that finishes first waits for the earlier one, then both go in one commit', async () => {
  const h = harness();
  const a = await h.start(0, 10);
  const b = await h.start(0, 20);
  const c = await h.start(1, 5);
  b.finish();
  c.finish();
  await h.settle();
  assert.deepEqual(h.commits, ['p1:5'], 'partition 1 is independent; partition 0 waits for its first batch');
  a.finish();
  await h.batches.drain();
  assert.deepEqual(h.commits, ['p1:5', 'p0:20']);
  assert.equal(h.batches.size, 0);
});

test('admission waits while the limit is in flight: fetching stops until a batch finishes', async () => {
  const h = harness(2);
  const a = await h.start(0, 10);
  await h.start(1, 10);
  let admitted = false;
  const third = h.batches.admit().then((ticket) => {
    admitted = ticket !== undefined;
  });
  await h.settle();
  assert.equal(admitted, false);
  a.finish();
  await third;
  assert.equal(admitted, true);
});

test('a failed batch is reported, and neither it nor any later batch of its partition is committed', async () => {
  const h = harness();
  const a = await h.start(0, 10);
  const b = await h.start(0, 20);
  const c = await h.start(0, 30);
  b.finish();
  a.fail(new Error('dead-letter topic unreachable'));
  await h.settle();
  assert.deepEqual(h.failures, ['t/0: dead-letter topic unreachable']);
  c.finish();
  await h.batches.drain();
  assert.deepEqual(h.commits, []);
  assert.deepEqual(h.cancelled, ['p0@30'], 'the later batch still running is cancelled');
});

test('after a rebalance nothing in flight commits or counts as failed, and a waiting admission gives up', async () => {
  const h = harness(1);
  const a = await h.start(0, 10);
  const waiting = h.batches.admit();
  h.batches.invalidate();
  assert.equal(await waiting, undefined);
  assert.deepEqual(h.cancelled, ['p0@10']);
  a.fail(new Error('aborted'));
  await h.batches.drain();
  assert.deepEqual([h.commits, h.failures], [[], []]);
  // The new generation's batches commit as usual.
  const b = await h.start(0, 10);
  b.finish();
  await h.batches.drain();
  assert.deepEqual(h.commits, ['p0:10']);
});

test('closed: no more admissions; the drain waits for the batches in flight and their commits', async () => {
  const h = harness();
  const a = await h.start(2, 7);
  h.batches.close();
  assert.equal(await h.batches.admit(), undefined);
  let drained = false;
  const drain = h.batches.drain().then(() => (drained = true));
  await h.settle();
  assert.equal(drained, false);
  a.finish();
  await drain;
  assert.deepEqual(h.commits, ['p2:7']);
});
