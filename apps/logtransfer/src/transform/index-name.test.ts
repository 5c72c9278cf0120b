import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexPattern } from './index-name.js';

test('index names: the topic in lower case and the event\'s UTC day, whatever the timestamp\'s form', () => {
  const name = new IndexPattern('logs-{topic}-{yyyy.MM.dd}').forTopic('Nginx_Log');
  assert.equal(name('2026-11-24T23:59:59.999Z'), 'logs-nginx_log-2026.11.24');
  assert.equal(name('2026-11-25T00:00:00.000Z'), 'logs-nginx_log-2026.11.25');
  assert.equal(name('2026-11-25T00:30:00.000+02:00'), 'logs-nginx_log-2026.11.24', 'an offset is turned to UTC');
  assert.equal(name('2026-11-25T01:00:00.000Z'), 'logs-nginx_log-2026.11.25', 'the remembered day is not reused for another day');
  assert.equal(new IndexPattern('{yyyy}-{MM}').forTopic('x')('2026-03-01T00:00:00.000Z'), '2026-03');
  assert.equal(new IndexPattern('static').forTopic('x')('2026-03-01T00:00:00.000Z'), 'static');
  assert.throws(() => new IndexPattern('logs-{host}'), /unknown placeholder \{host\}/);
});
