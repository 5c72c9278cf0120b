import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPortProblem, urlProblem } from './endpoints.js';

test('broker addresses: host:port with a port a server can have', () => {
  for (const ok of ['127.0.0.1:9092', 'kafka-1.internal:9092', 'k:1', 'k:65535', '[::1]:9092', '[fe80::1%eth0]:9093']) {
    assert.equal(hostPortProblem(ok), undefined, ok);
  }
  assert.equal(hostPortProblem('kafka:0'), 'port 0 is out of range');
  assert.equal(hostPortProblem('kafka:99999'), 'port 99999 is out of range');
  assert.equal(hostPortProblem('kafka'), 'the port is missing');
  assert.equal(hostPortProblem('kafka:'), 'the port is missing');
  assert.equal(hostPortProblem(':9092'), 'the host is missing');
  assert.equal(hostPortProblem('kafka:x'), 'not host:port');
  assert.equal(hostPortProblem('http://kafka:9092/'), 'no scheme here: write kafka:9092');
  assert.equal(hostPortProblem('::1:9092'), 'an IPv6 host goes in brackets: [::1]:9092');
  assert.equal(hostPortProblem('a b:9092'), 'not host:port');
});

test('server URLs: one of the schemes, a host, a real port, no credentials', () => {
  const web = ['http', 'https'];
  for (const ok of ['http://127.0.0.1:9200', 'https://es-1.internal', 'https://es:9243/prefix', 'http://[::1]:2379']) {
    assert.equal(urlProblem(ok, web), undefined, ok);
  }
  assert.equal(urlProblem('not-a-url', web), 'not a URL');
  assert.equal(urlProblem('localhost:9200', web), 'the scheme is missing: write http://localhost:9200');
  assert.equal(urlProblem('10.0.0.5:2379', web), 'the scheme is missing: write http://10.0.0.5:2379');
  assert.equal(urlProblem('ftp://es:21', web), 'the scheme ftp:// is not http or https');
  assert.equal(urlProblem('http://es:0', web), "port 0 is not a server's port");
  assert.equal(urlProblem('http://es:70000', web), 'not a URL');
  assert.equal(urlProblem('https://elastic:secret@es:9200', web), 'it holds a user or password: set them with the username and password keys instead');
});
