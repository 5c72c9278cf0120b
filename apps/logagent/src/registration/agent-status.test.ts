import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gauge, Registry } from '@logpipe/metrics';
import { agentStatus, countsFromMetrics } from './agent-status.js';

test('the status value has exactly the documented fields', () => {
  const identity = { name: 'web-1', id: '6f1c', hostName: 'web-1.example.org', version: '0.1.0' };
  const status = agentStatus(identity, 'http://10.0.0.5:9600', { targets: 3, files: 7 }, new Date('2026-01-02T03:04:05.678Z'), 4242);
  assert.deepEqual(status, {
    name: 'web-1',
    id: '6f1c',
    version: '0.1.0',
    host: 'web-1.example.org',
    pid: 4242,
    started_at: '2026-01-02T03:04:05.678Z',
    metrics_url: 'http://10.0.0.5:9600',
    targets: 3,
    files: 7,
  });
});

test('the counts are read from the targets and open-files gauges', async () => {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'logagent' });
  const targets = new Gauge({ name: 't', help: 't', registers: [registry] });
  const filesOpen = new Gauge({ name: 'f', help: 'f', registers: [registry] });
  assert.deepEqual(await countsFromMetrics({ targets, filesOpen }), { targets: 0, files: 0 });
  targets.set(2);
  filesOpen.inc();
  filesOpen.inc();
  filesOpen.inc();
  assert.deepEqual(await countsFromMetrics({ targets, filesOpen }), { targets: 2, files: 3 });
});
