import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchQueue, type Batch, type ShipmentChunk } from './batch-queue.js';

function chunk(name: string, topic: string, values: string[]): ShipmentChunk {
  return {
    topic,
    messages: values.map((value) => ({ key: Buffer.from(name), value: Buffer.from(value) })),
    lines: values.length,
    bytes: values.reduce((sum, v) => sum + v.length, 0),
    onAcknowledged: () => undefined,
  };
}

/** The batch's values per topic, in the order they go. */
function byTopic(batch: Batch): Record<string, string[]> {
  const topics: Record<string, string[]> = {};
  for (const { topic, value } of batch.records) (topics[topic] ??= []).push(value.toString());
  return topics;
}

/** The batch as plain data: topic → values, and the names of the chunks it completes. */
function shape(batch: Batch) {
  return {
    topics: byTopic(batch),
    count: batch.messageCount,
    bytes: batch.bytes,
    completed: batch.completed.map((c) => c.messages[0]?.key.toString() ?? '(empty)'),
  };
}

test('chunks of several topics go in one batch, in queue order, up to the message limit', () => {
  const queue = new BatchQueue();
  queue.push(chunk('a', 'ta', ['a1', 'a2']));
  queue.push(chunk('b', 'tb', ['b1']));
  queue.push(chunk('c', 'ta', ['c1', 'c2']));
  assert.deepEqual([queue.messages, queue.bytes], [5, 10]);
  assert.deepEqual(shape(queue.take({ maxMessages: 4, maxBytes: 1000 })), {
    topics: { ta: ['a1', 'a2', 'c1'], tb: ['b1'] },
    count: 4,
    bytes: 8,
    completed: ['a', 'b'],
  });
  assert.deepEqual([queue.messages, queue.bytes, queue.isEmpty], [1, 2, false]);
  assert.deepEqual(shape(queue.take({ maxMessages: 4, maxBytes: 1000 })), { topics: { ta: ['c2'] }, count: 1, bytes: 2, completed: ['c'] });
  assert.deepEqual([queue.messages, queue.bytes, queue.isEmpty], [0, 0, true]);
});

test('a chunk larger than the byte limit is split across batches and completes with its last message', () => {
  const queue = new BatchQueue();
  queue.push(chunk('big', 't', ['1234', '5678', '90ab']));
  assert.deepEqual(shape(queue.take({ maxMessages: 100, maxBytes: 9 })), { topics: { t: ['1234', '5678'] }, count: 2, bytes: 8, completed: [] });
  assert.deepEqual(shape(queue.take({ maxMessages: 100, maxBytes: 9 })), { topics: { t: ['90ab'] }, count: 1, bytes: 4, completed: ['big'] });
});

test('a single message above the byte limit still goes, alone', () => {
  const queue = new BatchQueue();
  queue.push(chunk('huge', 't', ['x'.repeat(50), 'y']));
  assert.deepEqual(shape(queue.take({ maxMessages: 100, maxBytes: 10 })).topics, { t: ['x'.repeat(50)] });
  assert.deepEqual(shape(queue.take({ maxMessages: 100, maxBytes: 10 })).topics, { t: ['y'] });
});

test('empty chunks (filtered lines) complete in order with the batch that reaches them', () => {
  const queue = new BatchQueue();
  queue.push(chunk('a', 't', ['a1']));
  queue.push({ ...chunk('e', 't', []) });
  queue.push(chunk('b', 't', ['b1']));
  assert.deepEqual(shape(queue.take({ maxMessages: 1, maxBytes: 1000 })).completed, ['a', '(empty)']);
  assert.deepEqual(shape(queue.take({ maxMessages: 1, maxBytes: 1000 })).completed, ['b']);

  queue.push({ ...chunk('e', 't', []) });
  assert.deepEqual(shape(queue.take({ maxMessages: 1, maxBytes: 1000 })), { topics: {}, count: 0, bytes: 0, completed: ['(empty)'] });
});

test('a declared size that differs from the measured one is settled when the chunk completes', () => {
  const queue = new BatchQueue();
  queue.push({ ...chunk('u', 't', ['ab', 'cd']), bytes: 7 });
  queue.take({ maxMessages: 1, maxBytes: 1000 });
  assert.equal(queue.bytes, 5);
  queue.take({ maxMessages: 1, maxBytes: 1000 });
  assert.equal(queue.bytes, 0);
});

test('the oldest wait is measured from the head chunk, which stays old while it is split', () => {
  let now = 1000;
  const queue = new BatchQueue(() => now);
  assert.equal(queue.oldestWaitMs(), 0);
  queue.push(chunk('a', 't', ['a1', 'a2']));
  now = 1030;
  queue.push(chunk('b', 't', ['b1']));
  now = 1050;
  assert.equal(queue.oldestWaitMs(), 50);
  queue.take({ maxMessages: 1, maxBytes: 1000 });
  assert.equal(queue.oldestWaitMs(), 50);
  queue.take({ maxMessages: 1, maxBytes: 1000 });
  assert.equal(queue.oldestWaitMs(), 20);
});
