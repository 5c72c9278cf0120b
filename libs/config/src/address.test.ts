import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAddress } from './address.js';

test('host:port, [ipv6]:port and :port are addresses', () => {
  for (const text of ['127.0.0.1:9092', 'kafka-1.internal:9092', ':9100', 'localhost:0', 'h:65535', '[::1]:9092', '[fe80::1%eth0]:80']) {
    assert.equal(isAddress(text), true, text);
  }
});

test('missing or out-of-range ports and unbracketed IPv6 are not addresses', () => {
  for (const text of ['localhost', 'localhost:', ':65536', 'h:99999', 'h:-1', '::1:9092', 'a b:80', 'http://h:80', 'h:80/x', '']) {
    assert.equal(isAddress(text), false, text);
  }
});
