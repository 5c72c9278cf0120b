import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Partitioners, type PartitionerArgs } from '@logpipe/kafka';
import { keyPartitioner } from './key-partitioner.js';

const metadata = (count: number) =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));

const args = (topic: string, partitions: number, message: PartitionerArgs['message']): PartitionerArgs => ({
  topic,
  partitionMetadata: metadata(partitions),
  message,
});

test('gives the default partitioner\'s partition for every key, first time and remembered', () => {
  const remembered = keyPartitioner();
  const reference = Partitioners.DefaultPartitioner();
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 200; i++) {
      const message = { key: `agent-${i}:/var/log/app-${i % 7}.log`, value: 'x' };
      assert.equal(remembered(args('t', 6, message)), reference(args('t', 6, message)), message.key);
    }
  }
});

test('a topic that gained partitions is partitioned afresh', () => {
  const remembered = keyPartitioner();
  const reference = Partitioners.DefaultPartitioner();
  const keys = Array.from({ length: 50 }, (_, i) => `web-1:/var/log/${i}.log`);
  for (const key of keys) remembered(args('t', 2, { key, value: 'x' }));
  for (const key of keys) assert.equal(remembered(args('t', 5, { key, value: 'x' })), reference(args('t', 5, { key, value: 'x' })));
});

test('an explicit partition, a Buffer key or no key go to the default partitioner unchanged', () => {
  const remembered = keyPartitioner();
  const reference = Partitioners.DefaultPartitioner();
  assert.equal(remembered(args('t', 4, { key: 'k', value: 'x', partition: 3 })), 3);
  const buffer = Buffer.from('web-1:/var/log/a.log');
  assert.equal(remembered(args('t', 4, { key: buffer, value: 'x' })), reference(args('t', 4, { key: buffer, value: 'x' })));
  const keyless = remembered(args('t', 4, { value: 'x' }));
  assert.ok(keyless >= 0 && keyless < 4);
});
