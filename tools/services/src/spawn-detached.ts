import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, renameSync } from 'node:fs';

export interface SpawnDetachedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Receives stdout and stderr; the previous run's file is kept as `<file>.1`. */
  logFile: string;
}

/**
 * Starts a server that must outlive this command: its own session (so Ctrl-C on `up` does not
 * reach it), output to a file instead of a pipe (so it never blocks on a reader that has exited).
 * Resolves once the process exists; rejects when it could not be executed at all.
 */
export async function spawnDetached(command: string, args: readonly string[], options: SpawnDetachedOptions): Promise<ChildProcess> {
  if (existsSync(options.logFile)) renameSync(options.logFile, `${options.logFile}.1`);
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  try {
    await Promise.race([once(child, 'spawn'), once(child, 'error').then(([err]) => Promise.reject(err as Error))]);
  } catch (err) {
    throw new Error(`could not run ${command}: ${(err as Error).message}`, { cause: err });
  }
  return child;
}
