import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { uniqueNames } from '../support/unique-names.js';
import { editorScript, logctl, logctlOk, serverFlags } from './logctl-support.js';

const names = uniqueNames('logctl-races');
const etcd = new Etcd3({ hosts: endpoints().etcdEndpoints });
const flags = serverFlags(names.etcdPrefix);
const key = (id: string) => `${names.etcdPrefix}/web-1/targets/${id}`;
let dir: string;

after(async () => {
  await etcd.delete().prefix(`${names.etcdPrefix}/`);
  etcd.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const exists = (path: string) => waitFor(() => existsSync(path), { what: `${path} to exist`, timeoutMs: 10_000, intervalMs: 20 });

test('two operators edit the same target at once: the first save wins, the second is told to re-run and writes nothing', async () => {
  dir = await mkdtemp(join(tmpdir(), 'logctl-races-'));
  await logctlOk(['targets', 'add', '--agent', 'web-1', '--id', 'app', '--path', '/var/log/app.log', '--topic', 'original', ...flags]);
  const alice = { path: '/var/log/app.log', topic: 'alice' };
  const bob = { path: '/var/log/app.log', topic: 'bob' };
  const aliceEditor = await editorScript(dir, 'alice', JSON.stringify(alice), join(dir, 'alice.go'));
  const bobEditor = await editorScript(dir, 'bob', JSON.stringify(bob), join(dir, 'bob.go'));

  // Both read the key and hold their editors open.
  const aliceRun = logctl(['targets', 'edit', 'web-1/app', ...flags], { EDITOR: aliceEditor.path });
  const bobRun = logctl(['targets', 'edit', 'app', '--agent', 'web-1', ...flags], { EDITOR: bobEditor.path });
  await Promise.all([exists(aliceEditor.opened), exists(bobEditor.opened)]);

  await writeFile(join(dir, 'alice.go'), '');
  const aliceDone = await aliceRun;
  assert.equal(aliceDone.code, 0, aliceDone.stderr);
  await writeFile(join(dir, 'bob.go'), '');
  const bobDone = await bobRun;
  assert.equal(bobDone.code, 1, `bob's stale edit was not refused: ${bobDone.stdout}${bobDone.stderr}`);
  assert.match(bobDone.stderr, new RegExp(`${key('app')} was changed by someone else since you read it; re-run \`logctl targets edit web-1/app\``));

  // Nothing lost: Alice's value is in etcd, and Bob's version is kept for him to re-apply.
  assert.deepEqual(JSON.parse((await etcd.get(key('app')).string())!), alice);
  const kept = /your version is kept in (\S+)/.exec(bobDone.stderr)?.[1];
  assert.ok(kept, bobDone.stderr);
  assert.deepEqual(JSON.parse(await readFile(kept, 'utf8')), bob);
  await rm(join(kept, '..'), { recursive: true, force: true });
});

test('an edit of a target removed meanwhile does not bring it back', async () => {
  await logctlOk(['targets', 'add', '--agent', 'web-1', '--id', 'doomed', '--path', '/var/log/d.log', '--topic', 'd', ...flags]);
  const editor = await editorScript(dir, 'late', JSON.stringify({ path: '/var/log/d.log', topic: 'late' }), join(dir, 'late.go'));
  const editing = logctl(['targets', 'edit', 'web-1/doomed', ...flags], { EDITOR: editor.path });
  await exists(editor.opened);
  await logctlOk(['targets', 'rm', 'web-1/doomed', ...flags]);
  await writeFile(join(dir, 'late.go'), '');
  const done = await editing;
  assert.equal(done.code, 1);
  assert.match(done.stderr, /was changed by someone else since you read it; re-run/);
  assert.equal(await etcd.get(key('doomed')).string(), null);
});

test('two operators add the same target id at once: exactly one creates it, the other is told it exists', async () => {
  const runs = await Promise.all(
    ['one', 'two'].map((topic) => logctl(['targets', 'add', '--agent', 'web-1', '--id', 'same', '--path', '/var/log/s.log', '--topic', topic, '--json', ...flags])),
  );
  const codes = runs.map((r) => r.code).sort();
  assert.deepEqual(codes, [0, 1], runs.map((r) => r.stderr).join('\n'));
  const winner = runs.find((r) => r.code === 0)!;
  const loser = runs.find((r) => r.code === 1)!;
  assert.match(loser.stderr, /target web-1\/same exists already .*choose another --id, or change it with `logctl targets edit web-1\/same`/);
  const written = (JSON.parse(winner.stdout) as { value: { topic: string } }).value;
  assert.deepEqual(JSON.parse((await etcd.get(key('same')).string())!), written);
});
