import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatListenAddress, parseListenAddress } from './listen-address.js';

void test('host:port forms parse, port 0 and IPv6 included, and format back', () => {
  const cases: Array<[string, string, number]> = [
    ['127.0.0.1:0', '127.0.0.1', 0],
    ['0.0.0.0:9464', '0.0.0.0', 9464],
    ['localhost:65535', 'localhost', 65535],
    ['[::1]:9464', '::1', 9464],
    ['[::]:0', '::', 0],
  ];
  for (const [text, host, port] of cases) {
    assert.deepEqual(parseListenAddress(text), { host, port }, text);
    assert.equal(formatListenAddress({ host, port }), text);
  }
});

void test('a bad listen address names the value and the valid forms', () => {
  for (const bad of ['9464', ':9464', 'host:', 'host:65536', 'host:-1', '::1:9464', 'a b:1', '']) {
    assert.throws(() => parseListenAddress(bad), (err: Error) => {
      assert.match(err.message, new RegExp(`invalid listen address ${JSON.stringify(JSON.stringify(bad)).slice(1, -1)}`));
      assert.match(err.message, /host:port .*0\.0\.0\.0:9464/);
      return true;
    }, bad);
  }
});
