import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { sleep } from '@logpipe/runtime';

/**
 * Finding and stopping the processes `up` started, by the pid files it wrote. A pid alone is not
 * proof: after a reboot or a long time the kernel hands the same number to an unrelated process.
 * So every check also reads /proc/<pid>/cmdline and requires the arguments we started it with.
 */

/** The argument vector of a live process; undefined when it is gone or a zombie (empty cmdline). */
export function readCmdline(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw === '') return undefined;
    return raw.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

/** True when `pid` is alive and its argv contains every string of `signature` as a whole argument. */
export function isOurProcess(pid: number, signature: readonly string[]): boolean {
  const argv = readCmdline(pid);
  return argv !== undefined && signature.every((arg) => argv.includes(arg));
}

export async function readPidFile(file: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Written via a temp file and rename, so a reader never sees a half-written number. */
export async function writePidFile(file: string, pid: number): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, `${pid}\n`);
  await rename(temp, file);
}

export async function removePidFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

export type TerminateOutcome = 'not-running' | 'terminated' | 'killed';

export interface TerminateOptions {
  /** How long SIGTERM gets before SIGKILL; Kafka and Elasticsearch flush to disk on SIGTERM. */
  graceMs?: number;
  pollMs?: number;
}

/**
 * SIGTERM, wait, then SIGKILL, but only if `pid` still carries `signature`, so a recycled pid is
 * never signalled. Resolves once the process is gone.
 */
export async function terminate(pid: number, signature: readonly string[], options: TerminateOptions = {}): Promise<TerminateOutcome> {
  const { graceMs = 30_000, pollMs = 100 } = options;
  if (!signal(pid, signature, 'SIGTERM')) return 'not-running';
  if (await waitForExit(pid, signature, graceMs, pollMs)) return 'terminated';
  signal(pid, signature, 'SIGKILL');
  if (await waitForExit(pid, signature, 10_000, pollMs)) return 'killed';
  throw new Error(`process ${pid} survived SIGKILL for 10 s; look at it with: ps -o pid,stat,cmd -p ${pid}`);
}

function signal(pid: number, signature: readonly string[], name: NodeJS.Signals): boolean {
  if (!isOurProcess(pid, signature)) return false;
  try {
    process.kill(pid, name);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

async function waitForExit(pid: number, signature: readonly string[], timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(pid, signature)) return true;
    await sleep(pollMs);
  }
  return !isOurProcess(pid, signature);
}
