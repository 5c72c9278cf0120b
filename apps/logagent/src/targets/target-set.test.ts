import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TargetSet } from './target-set.js';

const value = (topic: string, path = '/var/log/app.log') => JSON.stringify({ path, topic });
const topics = (set: TargetSet) => set.targets().map((t) => `${t.id} ${t.topic}`);

test('a rejected value keeps the last valid version of its key and leaves other keys alone', () => {
  const set = new TargetSet([]);
  assert.equal(set.put({ key: 'web-1/targets/a', value: value('a1'), revision: '5' }), undefined);
  assert.equal(set.put({ key: 'web-1/targets/b', value: value('b1'), revision: '6' }), undefined);
  assert.deepEqual(set.put({ key: 'web-1/targets/a', value: '{"path":', revision: '7' }), {
    key: 'web-1/targets/a',
    errors: ['invalid JSON: Unexpected end of JSON input'],
  });
  assert.deepEqual(topics(set), ['web-1/targets/a a1', 'web-1/targets/b b1']);
  assert.deepEqual(set.snapshot(), { 'web-1/targets/a': value('a1'), 'web-1/targets/b': value('b1') });
});

test('a rejected revision is reported once, however often a resync lists it again', () => {
  const set = new TargetSet([]);
  const bad = { key: 'web-1/targets/a', value: '{"topic":1}', revision: '9' };
  assert.equal(set.put(bad)?.errors.length, 2);
  assert.equal(set.put(bad), undefined);
  assert.deepEqual(set.replaceAll([bad]), []);
  // A new revision of the same bad value is a new mistake: reported again.
  assert.equal(set.put({ ...bad, revision: '10' })?.key, 'web-1/targets/a');
  // After the key was fixed, the old bad revision would be news again.
  set.put({ key: 'web-1/targets/a', value: value('a'), revision: '11' });
  assert.equal(set.replaceAll([{ ...bad, revision: '12' }]).length, 1);
  // Values read from disk carry no revision: always checked and reported.
  const fromDisk = new TargetSet([]);
  assert.equal(fromDisk.put({ key: 'web-1/targets/a', value: '[' })?.key, 'web-1/targets/a');
  assert.equal(fromDisk.put({ key: 'web-1/targets/a', value: '[' })?.key, 'web-1/targets/a');
});

test('keys that define no targets (an agent status) are neither applied, persisted nor rejected', () => {
  const set = new TargetSet([]);
  assert.equal(set.put({ key: 'web-1/status', value: '{"name":"web-1","pid":1}', revision: '3' }), undefined);
  assert.equal(set.put({ key: 'web-1/targets/x/y', value: 'not json', revision: '4' }), undefined);
  assert.deepEqual(set.targets(), []);
  assert.deepEqual(set.snapshot(), {});
});

test('replaceAll drops keys missing from the listing and applies _all and collect_config keys', () => {
  const set = new TargetSet([]);
  set.put({ key: 'web-1/targets/gone', value: value('gone') });
  const rejected = set.replaceAll([
    { key: 'web-1/collect_config', value: JSON.stringify([{ path: '/var/log/a.log', topic: 'a' }, { path: '/var/log/b.log', topic: 'b' }]) },
    { key: '_all/targets/syslog', value: value('syslog', '/var/log/syslog') },
  ]);
  assert.deepEqual(rejected, []);
  assert.deepEqual(topics(set), ['web-1/collect_config:/var/log/a.log a', 'web-1/collect_config:/var/log/b.log b', '_all/targets/syslog syslog']);
  assert.deepEqual(Object.keys(set.snapshot()), ['web-1/collect_config', '_all/targets/syslog']);
});

test('a path outside allowed_paths is rejected with the path and the allowed roots', () => {
  const set = new TargetSet(['/var/log']);
  assert.deepEqual(set.put({ key: 'web-1/targets/a', value: value('a', '/etc/shadow') })?.errors, ['"path" "/etc/shadow" is outside allowed_paths (/var/log)']);
  assert.deepEqual(set.put({ key: 'web-1/targets/a', value: value('a', '/var/logs/x.log') })?.errors, ['"path" "/var/logs/x.log" is outside allowed_paths (/var/log)']);
  assert.equal(set.put({ key: 'web-1/targets/a', value: value('a', '/var/log/nginx/*.log') }), undefined);
});
