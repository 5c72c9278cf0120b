import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { endpoints } from '@logpipe/services';
import { uniqueNames } from '../support/unique-names.js';
import { editorScript, logctl, logctlOk, serverFlags } from './logctl-support.js';

const names = uniqueNames('logctl-invalid');
const etcd = new Etcd3({ hosts: endpoints().etcdEndpoints });
const flags = serverFlags(names.etcdPrefix);
let dir: string;

after(async () => {
  await etcd.delete().prefix(`${names.etcdPrefix}`);
  etcd.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const keysUnder = async (prefix: string) => Object.keys(await etcd.getAll().prefix(prefix).strings());

test('an invalid target is refused with exit 2, every problem naming its field, and nothing is written', async () => {
  const result = await logctl([
    'targets', 'add', '--agent', 'web-1', '--path', 'logs/app.log', '--topic', 'no spaces allowed', '--start', 'middle',
    '--multiline-pattern', '([', '--multiline-match', 'later', ...flags,
  ]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  const problems = result.stderr.split('\n').slice(1).map((line) => line.trim()).filter(Boolean);
  assert.match(result.stderr, /^logctl: target web-1\/app-log \(.*\/web-1\/targets\/app-log\) refused; nothing was written:/);
  assert.deepEqual(problems.map((p) => /^"([\w.]+)"/.exec(p)?.[1]), ['path', 'topic', 'start', 'multiline.pattern', 'multiline.match']);
  assert.deepEqual(await keysUnder(`${names.etcdPrefix}/`), []);
});

test('a path outside --agent-config\'s allowed_paths is refused as the agent would', async () => {
  dir = await mkdtemp(join(tmpdir(), 'logctl-invalid-'));
  const ini = join(dir, 'logagent.ini');
  await writeFile(ini, `[agent]\nallowed_paths = /var/log\n[etcd]\nendpoints = ${endpoints().etcdEndpoints.join(',')}\nprefix = ${names.etcdPrefix}\n`);
  const result = await logctl(['targets', 'add', '--agent', 'web-1', '--path', '/etc/shadow', '--topic', 'secrets', '--agent-config', ini]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /"path" "\/etc\/shadow" is outside allowed_paths \(\/var\/log\)/);
  assert.deepEqual(await keysUnder(`${names.etcdPrefix}/`), []);
  // The same file gives logctl its etcd and prefix: a valid target lands there.
  await logctlOk(['targets', 'add', '--agent', 'web-1', '--path', '/var/log/ok.log', '--topic', 'ok', '--agent-config', ini]);
  assert.deepEqual(await keysUnder(`${names.etcdPrefix}/`), [`${names.etcdPrefix}/web-1/targets/ok-log`]);
});

test('an edit saved invalid re-opens the editor with the problems; saved unchanged again, it is abandoned (exit 2)', async () => {
  const before = await etcd.get(`${names.etcdPrefix}/web-1/targets/ok-log`).exec();
  const editor = await editorScript(dir, 'typo', JSON.stringify({ path: '/var/log/ok.log', tpoic: 'ok' }));
  const result = await logctl(['targets', 'edit', 'web-1/ok-log', ...flags], { EDITOR: editor.path });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /refused, re-opening the editor: unknown field "tpoic"/);
  assert.match(result.stderr, /saved unchanged after it was refused, so the edit is abandoned; nothing was written:\n {2}unknown field "tpoic".*\n {2}"topic" is required/);
  // The second time round, the editor was shown the problems above the value.
  const reopened = await readFile(editor.seen, 'utf8');
  assert.match(reopened, /^\/\/ This value was refused; nothing was written:\n\/\/ {3}unknown field "tpoic"/);
  const afterEdit = await etcd.get(`${names.etcdPrefix}/web-1/targets/ok-log`).exec();
  assert.equal(afterEdit.kvs[0]!.mod_revision, before.kvs[0]!.mod_revision, 'the key was written');
});

test('an invalid route is refused with exit 2 naming the field; nothing is written', async () => {
  const result = await logctl(['routes', 'set', 'nginx_log', '--index', 'Logs-{top}', '--format', 'xml', ...flags]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /"index": index pattern "Logs-\{top\}"/);
  assert.match(result.stderr, /"format" "xml" has no parser; use one of plain, text, json, nginx, apache, syslog, regex/);
  assert.deepEqual(await keysUnder(`${names.etcdPrefix}-transfer/`), []);
});
