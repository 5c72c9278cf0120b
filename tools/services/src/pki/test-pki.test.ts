import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureTestPki } from './test-pki.js';

test('the test PKI signs every identity with one CA, and the stranger with another', async () => {
  const env = { ...process.env, LOGPIPE_RUN_DIR: await mkdtemp(join(tmpdir(), 'pki-')) };
  const [pki, again] = await Promise.all([ensureTestPki(env), ensureTestPki(env)]);
  assert.deepEqual(again, pki);
  const ca = new X509Certificate(await readFile(pki.caCert));
  const agent = new X509Certificate(await readFile(pki.identities.logagent.cert));
  assert.equal(agent.subject, 'CN=logagent');
  assert.ok(agent.verify(ca.publicKey), 'logagent.crt is signed by the test CA');
  const server = new X509Certificate(await readFile(pki.identities.server.cert));
  assert.ok(server.checkIP('127.0.0.1'), 'the server certificate covers 127.0.0.1');
  assert.ok(server.checkHost('localhost'));
  const stranger = new X509Certificate(await readFile(pki.stranger.cert));
  assert.equal(stranger.verify(ca.publicKey), false, 'the stranger is not signed by the trusted CA');
  const before = (await stat(pki.caCert)).mtimeMs;
  await ensureTestPki(env);
  assert.equal((await stat(pki.caCert)).mtimeMs, before, 'a second call reuses the files');
});
