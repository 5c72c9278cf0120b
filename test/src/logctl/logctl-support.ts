import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { endpoints, repoRoot } from '@logpipe/services';
import type { Kafka } from '@logpipe/kafka';
import { sleep, waitFor } from '@logpipe/runtime';
import { readTopic, topicSize } from '../support/kafka.js';

export interface LogctlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command as users type it, through the bin npm linked. */
const BIN = () => join(repoRoot(), 'node_modules', '.bin', 'logctl');

/**
 * The flags that point logctl at the harness's servers and at a test's own etcd prefixes, so
 * that tests running in parallel never see each other's keys.
 */
export function serverFlags(etcdPrefix: string): string[] {
  const servers = endpoints();
  return [
    '--etcd', servers.etcdEndpoints.join(','),
    '--brokers', servers.kafkaBrokers.join(','),
    '--es', servers.elasticsearchUrl,
    '--prefix', etcdPrefix,
    '--transfer-prefix', `${etcdPrefix}-transfer`,
  ];
}

/** Runs logctl to completion (asynchronously, so that several can run at once). */
export function logctl(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<LogctlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN(), args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`logctl ${args.join(' ')} did not finish within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs logctl and fails with its output unless it exited with `expected`. */
export async function logctlOk(args: readonly string[], env: Record<string, string> = {}, expected = 0): Promise<LogctlResult> {
  const result = await logctl(args, env);
  if (result.code !== expected) {
    throw new Error(`logctl ${args.join(' ')} exited ${result.code}, expected ${expected}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result;
}

/** A long-running logctl (`query --follow`): its stdout as it arrives, line by line. */
export class RunningLogctl {
  readonly lines: string[] = [];
  stderr = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    this.child = spawn(BIN(), args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    let pending = '';
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      this.lines.push(...lines);
    });
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
  }

  /** Waits until stdout has at least `count` lines; returns them all. Fails at once if logctl exited. */
  async waitForLines(count: number, timeoutMs = 20_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length < count) {
      if (this.child.exitCode !== null) throw new Error(`logctl exited ${this.child.exitCode} after ${this.lines.length} of ${count} lines; stderr:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} lines from logctl (have ${this.lines.length}); stderr:\n${this.stderr}`);
      await sleep(50);
    }
    return [...this.lines];
  }

  /** Ctrl-C, then the exit code. */
  async interrupt(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    return this.exited;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/**
 * An EDITOR for `logctl targets edit`: a shell script that records the file it was given, waits
 * until `gate` exists (when given, so a test can hold two editors open at once), then writes
 * `content` over it. `opened` exists once the editor runs, i.e. once logctl has read the key.
 */
export async function editorScript(dir: string, name: string, content: string, gate?: string): Promise<{ path: string; opened: string; seen: string }> {
  const path = join(dir, `${name}.sh`);
  const opened = join(dir, `${name}.opened`);
  const seen = join(dir, `${name}.seen`);
  const replacement = join(dir, `${name}.json`);
  await writeFile(replacement, content);
  await writeFile(
    path,
    [
      '#!/bin/sh',
      `cp "$1" "${seen}"`,
      `touch "${opened}"`,
      ...(gate ? [`while [ ! -e "${gate}" ]; do sleep 0.05; done`] : []),
      `cp "${replacement}" "$1"`,
      '',
    ].join('\n'),
  );
  await chmod(path, 0o755);
  return { path, opened, seen };
}

/**
 * The messages of the agent events in a topic, in order per partition. An agent message holds
 * one event (wire format v1) or several of one file joined by newlines (v2): counting lines means
 * counting events, not Kafka messages.
 */
export async function topicLines(kafka: Kafka, topic: string): Promise<string[]> {
  if ((await topicSize(kafka, topic)) === 0) return [];
  const messages = await readTopic(kafka, topic);
  return messages.flatMap((m) => m.value.split('\n')).map((event) => (JSON.parse(event) as { message: string }).message);
}

/** Waits until the topic holds at least `count` lines, then returns all of them. */
export async function waitForLines(kafka: Kafka, topic: string, count: number, timeoutMs = 30_000): Promise<string[]> {
  let found: string[] = [];
  let lastSize = -1;
  await waitFor(
    async () => {
      // Reading a topic takes a consumer group join: only when it grew.
      const size = await topicSize(kafka, topic);
      if (size !== lastSize) {
        lastSize = size;
        found = await topicLines(kafka, topic);
      }
      return found.length >= count;
    },
    { what: `${count} lines in topic ${topic}`, timeoutMs, intervalMs: 250 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; have ${found.length}`);
  });
  return found;
}
