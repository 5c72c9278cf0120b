import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../cli/errors.js';
import { defaultTargetId, targetFromFlags } from './target-from-flags.js';

const base = { path: '/var/log/app.log', topic: 'app_log', labels: [], multilineNegate: false };

test('only the fields given are written, in the documented order', () => {
  assert.deepEqual(targetFromFlags(base), { path: '/var/log/app.log', topic: 'app_log' });
  const full = targetFromFlags({ ...base, format: 'json', start: 'end', labels: ['env=prod', 'url=a=b'], multilinePattern: '^\\s', multilineNegate: true, multilineMatch: 'before' });
  assert.deepEqual(JSON.stringify(full), JSON.stringify({
    path: '/var/log/app.log',
    topic: 'app_log',
    start: 'end',
    format: 'json',
    labels: { env: 'prod', url: 'a=b' },
    multiline: { pattern: '^\\s', negate: true, match: 'before' },
  }));
});

test('container targets: the framing, what is inside, the namespaces and the files left out', () => {
  const pods = targetFromFlags({ ...base, path: '/var/log/pods/*/*/*.log*', topic: 'pods', format: 'cri', contentFormat: 'json', excludeFiles: ['\\.gz$'], includeNamespaces: [], excludeNamespaces: ['kube-system', 'monitoring'] });
  assert.deepEqual(JSON.stringify(pods), JSON.stringify({
    path: '/var/log/pods/*/*/*.log*',
    topic: 'pods',
    format: 'cri',
    exclude_files: ['\\.gz$'],
    content_format: 'json',
    exclude_namespaces: ['kube-system', 'monitoring'],
  }));
});

test('flag syntax mistakes are usage errors', () => {
  assert.throws(() => targetFromFlags({ ...base, labels: ['env'] }), (err: Error) => err instanceof UsageError && /--label "env": write it as NAME=VALUE/.test(err.message));
  assert.throws(() => targetFromFlags({ ...base, multilineNegate: true }), /need --multiline-pattern/);
});

test('the default id is the file name made key-safe, with the directory for a glob', () => {
  assert.equal(defaultTargetId('/var/log/app.log'), 'app-log');
  assert.equal(defaultTargetId('/var/log/syslog'), 'syslog');
  assert.equal(defaultTargetId('/var/log/nginx/*.log'), 'nginx-log');
  assert.equal(defaultTargetId('/var/log/nginx/access.log*'), 'access-log');
  assert.equal(defaultTargetId('/srv/**/*.log'), 'log');
  assert.equal(defaultTargetId('/*'), 'target');
});
