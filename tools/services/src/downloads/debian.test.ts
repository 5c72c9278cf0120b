import assert from 'node:assert/strict';
import { test } from 'node:test';
import { debVersion } from './debian.js';

test('reads the version from the file name apt-get download writes', () => {
  assert.equal(debVersion('/cache/debs/etcd-server_3.4.23-4+b4_amd64.deb'), '3.4.23-4+b4');
  assert.equal(debVersion('prometheus_2.42.0+ds-5+deb12u1_amd64.deb'), '2.42.0+ds-5+deb12u1');
});

test('decodes the epoch that apt writes as %3a', () => {
  assert.equal(debVersion('foo_1%3a2.0-1_all.deb'), '1:2.0-1');
});

test('rejects a file that is not <name>_<version>_<arch>.deb', () => {
  assert.throws(() => debVersion('etcd-server.deb'), /expected <name>_<version>_<arch>\.deb/);
});
