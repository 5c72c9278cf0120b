import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSeeds } from './etcd-targets.js';

test('seeds are checked with the agent\'s own parser, every problem at once', () => {
  const values = validateSeeds({ 'web-1/targets/app': { path: '/var/log/app.log', topic: 'app_log' } }, ['/var/log'], 'seeds.json');
  assert.deepEqual([...values], [['web-1/targets/app', '{"path":"/var/log/app.log","topic":"app_log"}']]);
  assert.throws(
    () => validateSeeds({ 'web-1/status': {}, 'web-1/targets/x': { path: 'relative.log', topic: 'a b' } }, ['/var/log'], 'seeds.json'),
    (err: Error) => /seeds\.json: invalid target seeds/.test(err.message) && /web-1\/status: not a target key/.test(err.message) && /web-1\/targets\/x: .*absolute/.test(err.message),
  );
});
