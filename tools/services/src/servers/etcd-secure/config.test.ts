import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testPkiPaths } from '../../pki/test-pki.js';
import { etcdSecureArgs } from './config.js';

test('the secured etcd serves clients on https with mutual TLS, peers on plain loopback http', () => {
  const pki = testPkiPaths('/run/pki');
  const args = etcdSecureArgs({ client: 12379, peer: 12380 }, '/run/etcd-secure/data', pki);
  assert.ok(args.includes('--listen-client-urls=https://127.0.0.1:12379'));
  assert.ok(args.includes('--advertise-client-urls=https://127.0.0.1:12379'));
  assert.ok(args.includes('--listen-peer-urls=http://127.0.0.1:12380'));
  assert.ok(args.includes('--data-dir=/run/etcd-secure/data'));
  assert.ok(args.includes('--cert-file=/run/pki/server.crt'));
  assert.ok(args.includes('--key-file=/run/pki/server.key'));
  assert.ok(args.includes('--trusted-ca-file=/run/pki/ca.crt'));
  assert.ok(args.includes('--client-cert-auth'));
});
