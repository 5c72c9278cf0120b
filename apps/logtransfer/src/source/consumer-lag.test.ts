import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kafka } from '@logpipe/kafka';
import { Registry } from '@logpipe/metrics';
import { createLogger } from '@logpipe/runtime';
import { createTransferMetrics } from '../transfer-metrics.js';
import { ConsumerLagMonitor } from './consumer-lag.js';
import { TopicSelector } from './topic-selector.js';

/** Just the admin calls the monitor makes, answering from fixed offsets. */
function fakeKafka(ends: Record<string, { partition: number; low: string; high: string }[]>, committed: Record<string, { partition: number; offset: string }[]>) {
  const admin = {
    close: async () => undefined,
    listTopics: async () => [...Object.keys(ends), 'other_log', 'app_log.dlq'],
    topicOffsets: async (topic: string) => ends[topic]!.map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) })),
    // As the admin reports them: partitions never committed are absent.
    committedOffsets: async (_group: string, topics: string[]) =>
      new Map(topics.map((topic) => [topic, new Map((committed[topic] ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, Number(p.offset)]))])),
  };
  return { admin: () => admin } as unknown as Kafka;
}

test('lag is the end offset minus the committed one; with nothing committed, all retained messages', async () => {
  const kafka = fakeKafka(
    {
      app_log: [{ partition: 0, low: '0', high: '100' }, { partition: 1, low: '10', high: '50' }],
      svc_a_log: [{ partition: 0, low: '5', high: '8' }],
    },
    { app_log: [{ partition: 0, offset: '90' }, { partition: 1, offset: '-1' }] },
  );
  const metrics = createTransferMetrics(new Registry());
  const monitor = new ConsumerLagMonitor({ kafka, groupId: 'g', topics: new TopicSelector(['app_log', /^svc_.*_log$/], '.dlq'), metrics, logger: createLogger({ write: () => undefined }) });
  assert.deepEqual(await monitor.measure(), [
    { topic: 'app_log', partition: 0, lag: 10 },
    { topic: 'app_log', partition: 1, lag: 40 },
    { topic: 'svc_a_log', partition: 0, lag: 3 },
  ]);
});
