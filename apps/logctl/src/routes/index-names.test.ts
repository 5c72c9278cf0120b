import { test } from 'node:test';
import assert from 'node:assert/strict';
import { everyIndex, indexFor, topicIndexPattern } from './index-names.js';

const day = new Date('2026-01-05T23:59:59Z');

test('a pattern gives the index of a topic and day, or wildcards for what is unknown', () => {
  assert.equal(indexFor('logs-{topic}-{yyyy.MM.dd}', 'App_Log', day), 'logs-app_log-2026.01.05');
  assert.equal(indexFor('logs-{topic}-{yyyy.MM.dd}', 'app_log', undefined), 'logs-app_log-*');
  assert.equal(indexFor('logs-{topic}-{yyyy.MM.dd}', undefined, day), 'logs-*-2026.01.05');
  assert.equal(indexFor('audit-{yyyy}{MM}', 'x', day), 'audit-202601');
  assert.equal(indexFor('{topic}-{yyyy}-{MM}', undefined, undefined), '*-*-*');
});

test('a topic takes each field from its etcd route, then its INI route, then the default', () => {
  const sources = {
    fallback: 'logs-{topic}-{yyyy.MM.dd}',
    ini: new Map([['a', { index: 'ini-{topic}' }], ['b', { index: 'ini-b' }]]),
    etcd: new Map([['a', { index: 'etcd-{topic}-{yyyy}' }], ['c', { format: 'json' }]]),
  };
  assert.equal(topicIndexPattern('a', sources), 'etcd-{topic}-{yyyy}');
  assert.equal(topicIndexPattern('b', sources), 'ini-b');
  assert.equal(topicIndexPattern('c', sources), 'logs-{topic}-{yyyy.MM.dd}');
  assert.deepEqual(everyIndex(sources), ['logs-*-*', 'ini-a', 'ini-b', 'etcd-a-*']);
});
