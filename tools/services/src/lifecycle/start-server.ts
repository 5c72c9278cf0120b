import { mkdir } from 'node:fs/promises';
import { waitFor } from '@logpipe/runtime';
import { ServerStartFailure } from '../errors.js';
import { withLock } from '../lock.js';
import { isOurProcess, readPidFile, removePidFile, terminate, writePidFile } from '../process-control.js';
import type { ServerContext, ServerDefinition } from '../server-definition.js';
import { spawnDetached } from '../spawn-detached.js';
import { collectLogTails } from './log-tails.js';
import { portProblems } from './port-guard.js';
import { runningPids } from './running-pid.js';
import { launcherPidFileOf, lockFileOf, outputLogOf, pidFileOf } from './runtime-files.js';

export interface StartResult {
  server: string;
  /** `kafka 4.4.0`; undefined for etcd and Prometheus. */
  release: string | undefined;
  endpoint: string;
  pid: number;
  outcome: 'started' | 'already-running';
  elapsedMs: number;
}

// The lock may be held by another `up` that is downloading 100+ MB before its own deadline starts.
const LOCK_WAIT_MS = 15 * 60_000;

/**
 * Starts one server unless it already runs, and resolves once it is healthy. Throws a
 * ServerStartFailure with the end of its logs when it dies or misses its deadline; a server
 * started by this call that missed its deadline is stopped again, so a failed `up` leaves no
 * half-started process behind.
 */
export async function startServer(def: ServerDefinition, ctx: ServerContext): Promise<StartResult> {
  await mkdir(ctx.dir, { recursive: true });
  return withLock(lockFileOf(ctx.dir), { what: `starting ${def.name}`, timeoutMs: LOCK_WAIT_MS }, () => startLocked(def, ctx));
}

async function startLocked(def: ServerDefinition, ctx: ServerContext): Promise<StartResult> {
  const startedAt = Date.now();
  const endpoint = def.endpoint(ctx.settings);
  const signature = def.signature(ctx.dir);
  const result = (pid: number, outcome: StartResult['outcome']): StartResult => ({ server: def.name, release: def.release(ctx.settings), endpoint, pid, outcome, elapsedMs: Date.now() - startedAt });
  const fail = async (reason: string): Promise<never> => {
    throw new ServerStartFailure({ server: def.name, reason, logTails: await collectLogTails(def.logFiles(ctx.dir)) });
  };

  const running = await runningPids(ctx.dir, signature);
  if (running.server !== undefined && !running.launcher) {
    const pid = running.server;
    if (await def.healthy(ctx.settings)) return setUp(def, ctx).then(() => result(pid, 'already-running'), (err: Error) => fail(err.message));
    // Ours but not healthy: still starting after an interrupted `up`, or in trouble. Give it the
    // usual time, but don't kill it: this call did not start it.
    ctx.logger.info('already running but not healthy yet; waiting', { server: def.name, pid });
    const outcome = await awaitHealthy(def, ctx, async () => (isOurProcess(pid, signature) ? { pid } : { ended: `the process (pid ${pid}) exited` }));
    if ('pid' in outcome) return setUp(def, ctx).then(() => result(pid, 'already-running'), (err: Error) => fail(err.message));
    return fail(`${outcome.ended}; it was running before this \`up\` and was left as it is: restart it with \`npm run services -- down ${def.name}\` then \`up\``);
  }

  // Leftovers of a crash or an interrupted start: a launcher still at work, pid files naming dead
  // (or recycled) pids.
  for (const pid of [running.server, running.launcher]) if (pid !== undefined) await terminate(pid, signature);
  await removePidFile(pidFileOf(ctx.dir));
  await removePidFile(launcherPidFileOf(ctx.dir));

  const taken = await portProblems(def, ctx.settings, ctx.env);
  if (taken.length > 0) return fail(taken.join('\n'));

  ctx.logger.info('starting', { server: def.name });
  const spec = await def.prepare(ctx);
  const child = await spawnDetached(spec.command, spec.args, { cwd: ctx.dir, env: spec.env, logFile: outputLogOf(ctx.dir) });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('exit', (code, signal) => (exit = { code, signal }));
  child.unref();
  const childPid = child.pid!;
  await writePidFile(spec.daemonizes ? launcherPidFileOf(ctx.dir) : pidFileOf(ctx.dir), childPid);
  const describeExit = (): string => (exit?.signal ? `was killed by ${exit.signal}` : `exited with code ${exit?.code}`);

  const outcome = await awaitHealthy(def, ctx, async () => {
    if (!spec.daemonizes) return exit === undefined ? { pid: childPid } : { ended: `the process ${describeExit()}` };
    if (exit === undefined) return undefined; // the launcher exits 0 once the server runs; wait for that
    if (exit.code !== 0) return { ended: `its launcher (${spec.command}) ${describeExit()}` };
    const daemon = await readPidFile(pidFileOf(ctx.dir));
    if (daemon !== undefined && isOurProcess(daemon, signature)) return { pid: daemon };
    return { ended: `the server ${daemon === undefined ? 'wrote no pid file' : `(pid ${daemon}) exited`} after its launcher detached` };
  });
  if ('pid' in outcome) {
    await removePidFile(launcherPidFileOf(ctx.dir));
    // A server whose setup failed is left running: the setup is idempotent, and the next `up` retries it.
    await setUp(def, ctx).catch((err: Error) => fail(`healthy, but setting it up failed: ${err.message}; run \`up ${def.name}\` again once fixed`));
    ctx.logger.info('healthy', { server: def.name, pid: outcome.pid, endpoint, elapsedMs: Date.now() - startedAt });
    return result(outcome.pid, 'started');
  }

  // Dead or too slow: stop whatever is left of it, so a failed `up` leaves nothing behind.
  const leftovers = await runningPids(ctx.dir, signature);
  for (const pid of [leftovers.server, leftovers.launcher]) if (pid !== undefined) await terminate(pid, signature, { graceMs: 10_000 });
  await removePidFile(pidFileOf(ctx.dir));
  await removePidFile(launcherPidFileOf(ctx.dir));
  const stopped = leftovers.server !== undefined || leftovers.launcher !== undefined;
  return fail(stopped ? `${outcome.ended}; stopped it` : outcome.ended);
}

/** The definition's post-start setup (users, auth), when it has one. */
async function setUp(def: ServerDefinition, ctx: ServerContext): Promise<void> {
  if (def.setUp) await def.setUp(ctx);
}

type Liveness = { pid: number } | { ended: string } | undefined;

/**
 * Polls until the server is healthy, its process is gone, or the deadline passes. `alive` says
 * which pid to report, that the process ended (no point waiting longer), or not yet (undefined).
 */
async function awaitHealthy(def: ServerDefinition, ctx: ServerContext, alive: () => Promise<Liveness>): Promise<{ pid: number } | { ended: string }> {
  const what = `${def.name} to become healthy at ${def.endpoint(ctx.settings)}`;
  try {
    return await waitFor(
      async () => {
        const state = await alive();
        if (state === undefined || 'ended' in state) return state;
        return (await def.healthy(ctx.settings)) && state;
      },
      { what, timeoutMs: def.startTimeoutMs, intervalMs: 500 },
    );
  } catch (err) {
    return { ended: (err as Error).message.replace(/ \(last: .*\)$/s, '') };
  }
}
