import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { test } from 'node:test';
import { secureElasticsearchYml } from './config.js';
import { pbkdf2Hash, usersFile, usersRolesFile } from './file-realm.js';

test('the secured node turns security and HTTPS on, with the PEM files under its config folder', () => {
  const yml = secureElasticsearchYml({ elasticsearchSecure: 19250, elasticsearchSecureTransport: 19350 }, { data: '/d', logs: '/l' });
  for (const line of ['http.port: 19250', 'transport.port: 19350', 'xpack.security.enabled: true', 'xpack.security.http.ssl.enabled: true', 'xpack.security.http.ssl.certificate: "certs/server.crt"']) {
    assert.ok(yml.split('\n').includes(line), `${line} in\n${yml}`);
  }
});

test('passwords are stored in the file realm\'s PBKDF2 form, which verifies against the password', () => {
  const hash = pbkdf2Hash('pw-example-123');
  const [, iterations, salt, key] = /^\{PBKDF2\}(\d+)\$([^$]+)\$([^$]+)$/.exec(hash)!;
  assert.equal(iterations, '10000');
  assert.equal(Buffer.from(salt!, 'base64').length, 32);
  assert.equal(pbkdf2Sync('pw-example-123', Buffer.from(salt!, 'base64'), 10_000, 32, 'sha512').toString('base64'), key);
});

test('users and users_roles list each principal with its role', () => {
  const users = [{ username: 'a', password: 'x'.repeat(10), roles: ['r1'] }, { username: 'b', password: 'y'.repeat(10), roles: ['r1', 'r2'] }];
  assert.match(usersFile(users), /^a:\{PBKDF2\}10000\$.+\nb:\{PBKDF2\}10000\$.+\n$/);
  assert.equal(usersRolesFile(users), 'r1:a,b\nr2:b\n');
});
