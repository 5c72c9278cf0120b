import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentOfKey, classifyKey, collectConfigKey, isTargetKey, parseKeyValue, statusKey, targetKey } from './target-keys.js';

test('keys are built and classified the same way', () => {
  assert.equal(targetKey('web-1', 'nginx'), 'web-1/targets/nginx');
  assert.deepEqual(classifyKey(targetKey('web-1', 'nginx')), { kind: 'target', id: 'nginx' });
  assert.deepEqual(classifyKey(collectConfigKey('_all')), { kind: 'collect_config' });
  assert.deepEqual(classifyKey(statusKey('web-1')), { kind: 'ignored' });
  assert.equal(isTargetKey('web-1/targets/a/b'), false);
  assert.equal(agentOfKey('_all/targets/syslog'), '_all');
});

test('a collect_config array gives one target per entry, and each problem names its index', () => {
  const good = parseKeyValue('web-1/collect_config', JSON.stringify([{ path: '/a.log', topic: 'a' }, { path: '/b.log', topic: 'b' }]), []);
  assert.ok(good.ok);
  assert.deepEqual(good.targets.map((t) => t.id), ['web-1/collect_config:/a.log', 'web-1/collect_config:/b.log']);
  const bad = parseKeyValue('web-1/collect_config', JSON.stringify([{ path: '/a.log', topic: 'a' }, { path: '/b.log' }]), []);
  assert.deepEqual(bad, { ok: false, errors: ['[1] "topic" is required'] });
  assert.deepEqual(parseKeyValue('web-1/collect_config', '{}', []).ok, false);
});

test('an unparsable value is refused with the JSON error', () => {
  assert.deepEqual(parseKeyValue('web-1/targets/a', '{"path":', []), { ok: false, errors: ['invalid JSON: Unexpected end of JSON input'] });
});
