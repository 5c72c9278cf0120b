import { isOurProcess, readPidFile } from '../process-control.js';
import { launcherPidFileOf, pidFileOf } from './runtime-files.js';

export interface RunningPids {
  /** The server process, when its pid file names a live process carrying our signature. */
  server?: number;
  /** A daemonizing launcher still at work (Elasticsearch's CLI during start). */
  launcher?: number;
}

/** Which of our processes for the server in `dir` are alive, by pid file and cmdline. */
export async function runningPids(dir: string, signature: readonly string[]): Promise<RunningPids> {
  const result: RunningPids = {};
  const server = await readPidFile(pidFileOf(dir));
  if (server !== undefined && isOurProcess(server, signature)) result.server = server;
  const launcher = await readPidFile(launcherPidFileOf(dir));
  if (launcher !== undefined && isOurProcess(launcher, signature)) result.launcher = launcher;
  return result;
}
