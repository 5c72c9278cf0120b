import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpoints, repoRoot } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { uniqueNames } from './support/unique-names.js';

/**
 * Runs an app on a pseudo-terminal, as a person starting it in a shell does (util-linux
 * `script` gives it one), and returns what the terminal showed until `until` appeared.
 */
async function onTerminal(app: 'logagent' | 'logtransfer', config: string, until: RegExp, env: Record<string, string> = {}): Promise<string> {
  const main = join(repoRoot(), 'apps', app, 'dist', 'main.js');
  const child = spawn('script', ['-qfec', `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(main)} --config ${JSON.stringify(config)}`, '/dev/null'], {
    env: { ...process.env, TERM: 'xterm', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (screen += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (screen += text));
  try {
    await waitFor(() => until.test(screen), { what: `${app} on a terminal to show ${until} (it showed:\n${screen.slice(-2000)})`, timeoutMs: 30_000 });
    return screen;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  }
}

const names = uniqueNames('console-logs');
const servers = endpoints();
let dir: string;
after(() => rm(dir, { recursive: true, force: true }));

const agentIni = (extra: string[]) =>
  [
    '[agent]', `name = ${names.agentName}`, `data_dir = ${join(dir, 'agent-data')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${names.etcdPrefix}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[metrics]', 'listen = 127.0.0.1:0',
    '[log]', ...extra,
  ].join('\n') + '\n';

test('on a terminal the apps print readable lines; [log] format = json forces JSON there', async () => {
  dir = await mkdtemp(join(tmpdir(), 'logpipe-console-'));
  const auto = join(dir, 'auto.ini');
  await writeFile(auto, agentIni([]));
  const readable = await onTerminal('logagent', auto, /logagent started/, { NO_COLOR: '1' });
  const lines = readable.split(/\r?\n/).filter((line) => line.trim() !== '');
  // eslint-disable-next-line no-control-regex -- a terminal line must carry no ANSI style with NO_COLOR set
  assert.ok(lines.every((line) => !/\x1b\[/.test(line)), readable);
  assert.ok(lines.some((line) => /^\d\d:\d\d:\d\d\.\d{3} INFO {2}logagent( \S+)*: running\b/.test(line)), readable);
  assert.ok(lines.every((line) => !line.startsWith('{')), `a JSON line on the terminal:\n${readable}`);
  assert.match(readable, /logagent started name=\S+ id=\S+ metrics=http:\/\/127\.0\.0\.1:\d+/);

  const coloured = await onTerminal('logagent', auto, /logagent started/);
  // eslint-disable-next-line no-control-regex -- the ANSI style around the level is what is checked
  assert.match(coloured, /\x1b\[32mINFO \x1b\[39m/, 'INFO is green on a colour terminal');

  const forced = join(dir, 'json.ini');
  await writeFile(forced, agentIni(['format = json']));
  const json = await onTerminal('logagent', forced, /"message":"logagent started"/);
  const records = json.split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as { message: string });
  assert.ok(records.some((r) => r.message === 'running'), json);
});

test('the transfer too, and format = text is readable in a pipe', async () => {
  const ini = join(dir, 'transfer.ini');
  await writeFile(ini, [
    '[transfer]', `group = ${names.group}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `agents_prefix = ${names.etcdPrefix}`, `prefix = ${names.etcdPrefix}-transfer`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n') + '\n');
  const screen = await onTerminal('logtransfer', ini, /logtransfer started/, { NO_COLOR: '1' });
  assert.match(screen, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}logtransfer \S+( \S+)*: logtransfer started group=/m);

  // Piped (not a terminal), with LOGTRANSFER_LOG_FORMAT=text: text, not JSON.
  const child = spawn(process.execPath, [join(repoRoot(), 'apps', 'logtransfer', 'dist', 'main.js'), '--config', ini], {
    env: { ...process.env, LOGTRANSFER_LOG_FORMAT: 'text' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let piped = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (piped += text));
  try {
    await waitFor(() => piped.includes('logtransfer started'), { what: `the piped transfer to start (it printed:\n${piped.slice(-2000)})`, timeoutMs: 30_000 });
  } finally {
    child.kill('SIGTERM');
  }
  assert.match(piped, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}logtransfer /m);
  assert.doesNotMatch(piped, /^\{/m);
});
