import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, flatSettings, sameTemplate } from './canonical.js';

test('settings compare in the shape Elasticsearch gives them back', () => {
  assert.deepEqual(flatSettings({ number_of_shards: 1, 'index.refresh_interval': '1s', index: { lifecycle: { name: 'p' } } }), {
    'index.number_of_shards': '1',
    'index.refresh_interval': '1s',
    'index.lifecycle.name': 'p',
  });
});

test('object key order does not matter, array order does', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
});

test('a template equals what the cluster stored for it, and differs when anything that matters changes', () => {
  const sent = {
    index_patterns: ['logs-*-*'],
    priority: 500,
    template: { settings: { number_of_shards: 1 }, mappings: { properties: { message: { type: 'text' } } } },
  };
  const stored = {
    index_patterns: ['logs-*-*'],
    priority: 500,
    composed_of: [],
    template: { settings: { index: { number_of_shards: '1' } }, mappings: { properties: { message: { type: 'text' } } } },
  };
  assert.ok(sameTemplate(sent, stored));
  assert.ok(!sameTemplate({ ...sent, priority: 501 }, stored));
  assert.ok(!sameTemplate({ ...sent, template: { ...sent.template, mappings: { properties: { message: { type: 'keyword' } } } } }, stored));
  assert.ok(!sameTemplate({ ...sent, template: { ...sent.template, settings: { number_of_shards: 2 } } }, stored));
});
