import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAgentStatus } from './agent-status.js';

const status = {
  name: 'web-1',
  id: '6f1c',
  version: '0.1.0',
  host: 'web-1.example.org',
  pid: 4242,
  started_at: '2026-01-02T03:04:05.678Z',
  metrics_url: 'http://10.0.0.5:9600',
  targets: 3,
  files: 7,
};

test('a status value is read with exactly the documented fields; extra ones from a newer agent are dropped', () => {
  assert.deepEqual(parseAgentStatus(JSON.stringify({ ...status, future: true })), { ok: true, status });
});

test('a value with missing or mistyped fields is refused, naming them', () => {
  assert.deepEqual(parseAgentStatus(JSON.stringify({ ...status, pid: '4242', host: undefined })), { ok: false, error: 'missing or mistyped fields: host, pid' });
  assert.deepEqual(parseAgentStatus('[]'), { ok: false, error: 'not a JSON object' });
  assert.equal(parseAgentStatus('{').ok, false);
});
