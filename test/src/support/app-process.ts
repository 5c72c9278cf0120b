import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { daemonCommand } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';

export type AppName = 'logagent' | 'logtransfer';

/**
 * One of our daemons run as a real process, exactly as users run it: `node dist/main.js
 * --config FILE`. Its JSON log lines are kept so tests can wait for, and assert on, what it said.
 */
export class AppProcess {
  readonly logs: Record<string, unknown>[] = [];
  /** Everything it wrote to stdout and stderr, whole: what a secrets test greps. */
  transcript = '';
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;
  private stderrTail = '';

  constructor(
    readonly app: AppName,
    readonly configPath: string,
    private readonly env: Record<string, string> = {},
  ) {}

  static async withConfig(app: AppName, dir: string, ini: string, env: Record<string, string> = {}): Promise<AppProcess> {
    const path = join(dir, `${app}.ini`);
    await writeFile(path, ini);
    return new AppProcess(app, path, env);
  }

  start(): this {
    const { nodeFlags, main } = daemonCommand(this.app);
    const child = spawn(process.execPath, [...nodeFlags, main, '--config', this.configPath], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    let pending = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      this.transcript += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        this.stderrTail = (this.stderrTail + line + '\n').slice(-8000);
        try {
          this.logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a JSON log line (a crash trace): kept in stderrTail for the failure message
        }
      }
    });
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (this.transcript += text));
    return this;
  }

  /** Waits until the app logged a line whose message is `message` (and fields match). */
  async waitForLog(message: string, timeoutMs = 30_000, fields: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return waitFor(
      () => {
        if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
          throw new Error(`${this.app} exited with ${this.child.exitCode}:\n${this.stderrTail}`);
        }
        return this.logs.find((l) => l.message === message && Object.entries(fields).every(([k, v]) => l[k] === v));
      },
      { what: `${this.app} to log "${message}" (recent output:\n${this.stderrTail.slice(-2000)})`, timeoutMs },
    );
  }

  /** SIGTERM, then the exit code; the graceful path users get from `docker stop` or systemd. */
  async stop(timeoutMs = 40_000): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited!;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the process to exit by itself (a startup that must fail); its exit code. */
  async waitForExit(timeoutMs = 30_000): Promise<number | null> {
    if (!this.exited) throw new Error(`${this.app} was not started`);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.app} did not exit within ${timeoutMs} ms:\n${this.stderrTail}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** kill -9: the crash case, with no chance to flush or save anything. */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /**
   * SIGSTOP: the process keeps its files, sockets and place, but runs no code until `thaw()`.
   * How a test makes "the agent is behind" certain rather than likely: what happens to a file
   * meanwhile happens before the agent reads another byte, however fast or loaded the machine.
   */
  freeze(): void {
    if (!this.child || this.child.exitCode !== null) throw new Error(`${this.app} is not running`);
    this.child.kill('SIGSTOP');
  }

  /** SIGCONT: resumes a frozen process. */
  thaw(): void {
    if (!this.child || this.child.exitCode !== null) throw new Error(`${this.app} is not running`);
    this.child.kill('SIGCONT');
  }

  /** The running process's id (for /proc checks of descriptors and memory). */
  get pid(): number {
    if (this.child?.pid === undefined) throw new Error(`${this.app} is not running`);
    return this.child.pid;
  }

  get output(): string {
    return this.stderrTail;
  }
}
