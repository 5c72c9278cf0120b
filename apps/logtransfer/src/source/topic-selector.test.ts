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

test("the targets' topics join the selection live, not their dead-letter topics, and a change is announced once", () => {
  const selector = new TopicSelector([/^svc-/], '.dlq', '/logagent');
  let changes = 0;
  selector.onChange(() => changes++);
  assert.deepEqual(selector.select(['app', 'svc-a', 'verify_seed_1']), ['svc-a']);
  selector.setTargetTopics(['verify_seed_1', 'app.dlq', 'not_yet']);
  selector.setTargetTopics(['not_yet', 'app.dlq', 'verify_seed_1']);
  assert.equal(changes, 1);
  assert.deepEqual(selector.select(['app', 'app.dlq', 'svc-a', 'verify_seed_1']), ['svc-a', 'verify_seed_1']);
  assert.deepEqual(selector.missing(['svc-a', 'verify_seed_1']), ['not_yet']);
  assert.deepEqual(selector.describe(), ['/^svc-/', 'the topics of the targets under /logagent/ (3 now)']);
  selector.setTargetTopics([]);
  assert.deepEqual([changes, selector.select(['verify_seed_1'])], [2, []]);
});
