import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TopicSelector } from './topic-selector.js';

test('names once they exist, regex matches, never the dead-letter or internal topics a regex happens to match', () => {
  const selector = new TopicSelector(['app_log', 'other.dlq', /^svc-/, /_log/], '.dlq');
  assert.deepEqual(selector.select(['svc-b', 'app_log', 'app_log.dlq', 'svc-a.dlq', '__consumer_offsets', 'web_log', 'other.dlq', 'unrelated']), [
    'app_log',
    'other.dlq',
    'svc-b',
    'web_log',
  ]);
  assert.deepEqual(selector.select([]), []);
  assert.deepEqual(selector.describe(), ['app_log', 'other.dlq', '/^svc-/', '/_log/']);
});
