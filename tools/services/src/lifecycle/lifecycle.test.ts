import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLogger, waitFor } from '@logpipe/runtime';
import { ServerStartFailure } from '../errors.js';
import { freePort } from '../port-check.js';
import { answersOk } from '../http-probe.js';
import { isOurProcess } from '../process-control.js';
import type { LaunchSpec, ServerContext, ServerDefinition } from '../server-definition.js';
import { readSettings } from '../settings.js';
import { outputLogOf, pidFileOf } from './runtime-files.js';
import { serverStatusOf } from './server-status.js';
import { startServer } from './start-server.js';
import { stopServer } from './stop-server.js';

// The generic start/stop/status code, driven by a stand-in server: a node process with a tiny
// HTTP server, so these tests need no download and run in seconds.
const HTTP_SERVER = `require('http').createServer((q, s) => s.end('ok')).listen(+process.env.PORT, '127.0.0.1');`;

function fakeServer(launch: (ctx: ServerContext) => Pick<LaunchSpec, 'args' | 'daemonizes'>, startTimeoutMs = 10_000): ServerDefinition {
  const port = (ctx: Pick<ServerContext, 'settings'>): string => String(ctx.settings.ports.prometheus);
  return {
    name: 'prometheus',
    dirName: () => 'prometheus',
    release: () => undefined,
    ports: ['prometheus'],
    endpoint: (settings) => `http://127.0.0.1:${settings.ports.prometheus}`,
    signature: (dir) => [`--fake-dir=${dir}`],
    startTimeoutMs,
    healthy: (settings) => answersOk(`http://127.0.0.1:${settings.ports.prometheus}/`),
    logFiles: (dir) => [outputLogOf(dir)],
    prepare: async (ctx) => ({ command: process.execPath, env: { ...process.env, PORT: port(ctx) }, ...launch(ctx) }),
  };
}

async function context(): Promise<ServerContext> {
  return {
    dir: await mkdtemp(join(tmpdir(), 'services-lifecycle-')),
    settings: readSettings({ LOGPIPE_PROMETHEUS_PORT: String(await freePort()) }),
    env: process.env,
    logger: createLogger({ write: () => undefined }),
  };
}

test('start waits for health, a second start leaves it alone, stop ends it and its pid file', async () => {
  const ctx = await context();
  const def = fakeServer((c) => ({ args: ['-e', HTTP_SERVER, '--', `--fake-dir=${c.dir}`] }));

  const first = await startServer(def, ctx);
  assert.equal(first.outcome, 'started');
  assert.ok(isOurProcess(first.pid, def.signature(ctx.dir)));
  assert.equal(await def.healthy(ctx.settings), true);

  const second = await startServer(def, ctx);
  assert.deepEqual([second.outcome, second.pid], ['already-running', first.pid]);
  assert.deepEqual(await serverStatusOf(def, ctx.dir, ctx.settings), {
    server: 'prometheus',
    release: undefined,
    running: true,
    pid: first.pid,
    endpoint: def.endpoint(ctx.settings),
    healthy: true,
  });

  assert.deepEqual(await stopServer(def, ctx.dir), { server: 'prometheus', outcome: 'terminated', pid: first.pid });
  assert.equal(isOurProcess(first.pid, def.signature(ctx.dir)), false);
  assert.equal(existsSync(pidFileOf(ctx.dir)), false);
  assert.equal((await serverStatusOf(def, ctx.dir, ctx.settings)).running, false);
  assert.equal((await stopServer(def, ctx.dir)).outcome, 'not-running', 'stopping twice is fine');
});

test('a daemonizing launcher: the pid it writes is the one tracked and stopped', async () => {
  const ctx = await context();
  const daemonize = (c: ServerContext): string =>
    `const d = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(HTTP_SERVER)}, '--', '--fake-dir=${c.dir}'], { detached: true, stdio: 'ignore' });` +
    `require('fs').writeFileSync(${JSON.stringify(pidFileOf(c.dir))}, String(d.pid)); d.unref();`;
  const def = fakeServer((c) => ({ args: ['-e', daemonize(c), '--', `--fake-dir=${c.dir}`], daemonizes: true }));

  const started = await startServer(def, ctx);
  assert.equal(started.outcome, 'started');
  assert.ok(isOurProcess(started.pid, def.signature(ctx.dir)));
  assert.equal((await startServer(def, ctx)).outcome, 'already-running');
  assert.equal((await stopServer(def, ctx.dir)).pid, started.pid);
  assert.equal(isOurProcess(started.pid, def.signature(ctx.dir)), false);
});

test('a server that dies fails at once, with the end of its log', async () => {
  const ctx = await context();
  const def = fakeServer((c) => ({ args: ['-e', `console.error('FATAL: cannot open data dir'); process.exit(3)`, '--', `--fake-dir=${c.dir}`] }), 60_000);
  const started = Date.now();
  await assert.rejects(startServer(def, ctx), (err: unknown) => {
    assert.ok(err instanceof ServerStartFailure);
    assert.match(err.failure.reason, /exited with code 3/);
    assert.deepEqual(err.failure.logTails, [{ file: outputLogOf(ctx.dir), lines: ['FATAL: cannot open data dir'] }]);
    return true;
  });
  assert.ok(Date.now() - started < 10_000, 'it must not wait for the 60 s deadline');
});

test('a server that never becomes healthy fails at the deadline and is stopped', async () => {
  const ctx = await context();
  const def: ServerDefinition = {
    ...fakeServer((c) => ({ args: ['-e', `console.log('starting...'); setInterval(() => {}, 1000)`, '--', `--fake-dir=${c.dir}`] }), 1500),
    // Never healthy, but a check answers only once the server has logged its start, so the
    // deadline passes after that line is in the log: on a loaded machine node alone can take
    // longer than 1.5 s to start, and the log tail asserted below would then be empty.
    healthy: async () => {
      const started = async () => (await readFile(outputLogOf(ctx.dir), 'utf8').catch(() => '')).includes('starting...');
      await waitFor(started, { what: 'the server to log that it is starting', timeoutMs: 30_000, intervalMs: 20 });
      return false;
    },
  };
  await assert.rejects(startServer(def, ctx), (err: unknown) => {
    assert.ok(err instanceof ServerStartFailure);
    assert.match(err.failure.reason, /timed out after 1500 ms waiting for prometheus to become healthy.*; stopped it/);
    assert.deepEqual(err.failure.logTails[0]?.lines, ['starting...']);
    return true;
  });
  assert.equal((await serverStatusOf(def, ctx.dir, ctx.settings)).running, false);
});

test('a port held by a stranger is reported with the variable that moves it, before anything starts', async () => {
  const ctx = await context();
  const stranger: Server = createServer();
  await new Promise<void>((resolve) => stranger.listen(ctx.settings.ports.prometheus, '127.0.0.1', resolve));
  try {
    let prepared = false;
    const def = fakeServer((c) => {
      prepared = true;
      return { args: ['-e', HTTP_SERVER, '--', `--fake-dir=${c.dir}`] };
    });
    await assert.rejects(startServer(def, ctx), new RegExp(`port ${ctx.settings.ports.prometheus} \\(LOGPIPE_PROMETHEUS_PORT\\) on 127.0.0.1 is already used`));
    assert.equal(prepared, false);
  } finally {
    stranger.close();
  }
});
