import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TransferStatus } from '@logpipe/schemas';
import { liveTransfers, targetTopicConsumers } from './live-transfers.js';

const worker = (name: string, fields: Partial<TransferStatus>): TransferStatus => ({
  name,
  group: `g-${name}`,
  version: '0.1.0',
  host: name,
  pid: 1,
  started_at: '2026-12-03T08:00:00.000Z',
  metrics_url: `http://${name}:9601`,
  topics: [],
  target_topics_from: '/logagent',
  consuming: [],
  ...fields,
});

const stored = (key: string, value: unknown) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value), modRevision: '1', lease: '7' });

test('workers are read from <prefix>/workers/<name>; a broken value is kept with its error, other keys ignored', () => {
  const listing = [
    stored('/logtransfer/workers/a', worker('a', {})),
    stored('/logtransfer/workers/b', '{"name":"b"}'),
    stored('/logtransfer/routes/x', '{}'),
    stored('/logtransfer/workers/c/extra', '{}'),
  ];
  const live = liveTransfers(listing, '/logtransfer');
  assert.deepEqual(live.map((t) => [t.name, t.status?.group ?? t.error]), [
    ['a', 'g-a'],
    ['b', 'missing or mistyped fields: group, version, host, started_at, metrics_url, pid, topics, consuming, target_topics_from'],
  ]);
});

test('a topic is consumed by a worker subscribed to it, following the same targets, or listing or matching it', () => {
  const transfers = [
    { name: 'subscribed', key: 'k1', status: worker('subscribed', { target_topics_from: null, consuming: ['old_log'] }) },
    { name: 'targets', key: 'k2', status: worker('targets', { target_topics_from: '/logagent' }) },
    { name: 'elsewhere', key: 'k3', status: worker('elsewhere', { target_topics_from: '/other' }) },
    { name: 'regex', key: 'k4', status: worker('regex', { target_topics_from: null, topics: ['audit', '/^svc-/'] }) },
  ];
  const consumers = targetTopicConsumers(['old_log', 'new_topic', 'svc-a', 'audit'], transfers, '/logagent');
  assert.deepEqual(Object.fromEntries(consumers), {
    old_log: ['g-subscribed', 'g-targets'],
    new_topic: ['g-targets'],
    'svc-a': ['g-regex', 'g-targets'],
    audit: ['g-regex', 'g-targets'],
  });
  // Without a worker following the targets, a topic only a target names is consumed by no one.
  assert.deepEqual(targetTopicConsumers(['new_topic'], transfers.filter((t) => t.name !== 'targets'), '/logagent').get('new_topic'), []);
  // A topic no target names is not covered by following the targets.
  assert.deepEqual(targetTopicConsumers(['new_topic'], transfers, '/logagent', () => false).get('new_topic'), []);
});
