import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DemoLines, nginxTime } from './demo-lines.js';

/** nginx's `combined` format. */
const COMBINED = /^(\d+\.\d+\.\d+\.\d+) - - \[(\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000)\] "([A-Z]+) (\/\S*) HTTP\/1\.1" (\d{3}) (\d+) "[^"]*" "[^"]+"$/;

test('access-log lines are in nginx\'s combined format; app lines are ECS JSON with a level', () => {
  const lines = new DemoLines(7);
  const now = new Date('2026-11-24T21:05:09.123Z');
  const all = Array.from({ length: 2000 }, () => lines.request(now)).flat();
  const nginx = all.filter((l) => l.file === 'nginx').map((l) => COMBINED.exec(l.text));
  assert.equal(nginx.length, 2000);
  assert.ok(nginx.every(Boolean), 'every access-log line matches the combined format');
  assert.equal(nginx[0]![2], '24/Nov/2026:21:05:09 +0000');
  const statuses = new Set(nginx.map((m) => m![5]));
  for (const status of ['200', '404', '500']) assert.ok(statuses.has(status), `status ${status} occurs`);
  for (const m of nginx) assert.match(m![1]!, /^(192\.0\.2|198\.51\.100|203\.0\.113)\./, 'documentation addresses only');

  const app = all.filter((l) => l.file === 'app').map((l) => JSON.parse(l.text) as Record<string, unknown>);
  assert.ok(app.length > 500);
  assert.deepEqual(new Set(app.map((a) => a['log.level'])), new Set(['debug', 'info', 'warn', 'error']));
  for (const a of app) {
    assert.equal(a['@timestamp'], now.toISOString());
    assert.equal(typeof a.message, 'string');
    if ((a['http.response.status_code'] as number) >= 500) assert.equal(a['log.level'], 'error');
  }
});

test('the same seed gives the same lines', () => {
  const now = new Date(0);
  const a = new DemoLines(3);
  const b = new DemoLines(3);
  for (let i = 0; i < 50; i++) assert.deepEqual(a.request(now), b.request(now));
  assert.equal(nginxTime(new Date('2026-01-02T03:04:05Z')), '02/Jan/2026:03:04:05 +0000');
});
