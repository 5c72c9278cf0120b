import { existsSync } from 'node:fs';
import { withLock } from '../lock.js';
import { removePidFile, type TerminateOutcome, terminate } from '../process-control.js';
import type { ServerDefinition } from '../server-definition.js';
import { runningPids } from './running-pid.js';
import { launcherPidFileOf, lockFileOf, pidFileOf } from './runtime-files.js';

export interface StopResult {
  server: string;
  /** `terminated`: stopped on SIGTERM; `killed`: needed SIGKILL after the grace period. */
  outcome: TerminateOutcome;
  pid?: number;
}

export interface StopOptions {
  /** SIGTERM grace before SIGKILL; Kafka and Elasticsearch need a few seconds to close cleanly. */
  graceMs?: number;
}

/**
 * Stops the server `up` started in `dir`, and nothing else: only pids from our pid files, and only
 * while their cmdline still carries our signature. Waits for a concurrent `up` of the same server
 * to finish first, so it cannot start the server again right after this stopped it.
 */
export async function stopServer(def: ServerDefinition, dir: string, options: StopOptions = {}): Promise<StopResult> {
  if (!existsSync(dir)) return { server: def.name, outcome: 'not-running' };
  return withLock(lockFileOf(dir), { what: `stopping ${def.name}`, timeoutMs: def.startTimeoutMs + 60_000 }, async () => {
    const signature = def.signature(dir);
    const { server, launcher } = await runningPids(dir, signature);
    let result: StopResult = { server: def.name, outcome: 'not-running' };
    // Server first: Elasticsearch's launcher, caught mid-start, outlasted the 30 s SIGTERM grace
    // while its server ran, but exits by itself as soon as the server is gone.
    for (const pid of [server, launcher]) {
      if (pid === undefined) continue;
      const outcome = await terminate(pid, signature, { graceMs: options.graceMs ?? 30_000 });
      if (pid === server || result.outcome === 'not-running') result = { server: def.name, outcome, pid };
    }
    await removePidFile(pidFileOf(dir));
    await removePidFile(launcherPidFileOf(dir));
    return result;
  });
}
