import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advertisedUrl } from './advertised-url.js';

test('a metrics server bound to every interface is advertised under the host name', () => {
  assert.equal(advertisedUrl('http://0.0.0.0:9600', 'web-1'), 'http://web-1:9600');
  assert.equal(advertisedUrl('http://[::]:9600', 'web-1'), 'http://web-1:9600');
  assert.equal(advertisedUrl('http://127.0.0.1:40123', 'web-1'), 'http://127.0.0.1:40123');
  assert.equal(advertisedUrl('http://[::1]:9600', 'web-1'), 'http://[::1]:9600');
  assert.equal(advertisedUrl('http://10.0.0.5:9600', 'web-1'), 'http://10.0.0.5:9600');
});
