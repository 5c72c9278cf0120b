import { execFile } from 'node:child_process';

export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** What to install when the command does not exist, e.g. "install Maven: apt-get install maven". */
  missingHint?: string;
}

/** The failed command line with the end of its output, which is where mvn and apt say what went wrong. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly commandLine: string,
    readonly exitCode: number | string | null,
    readonly output: string,
  ) {
    super(`\`${commandLine}\` failed (exit ${exitCode}):\n${output.split('\n').slice(-30).join('\n')}`);
  }
}

/** Runs a short-lived tool (mvn, apt-get, dpkg-deb, unzip) and collects its output. */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<{ stdout: string; stderr: string }> {
  const commandLine = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 10 * 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout, stderr });
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          return reject(new Error(`${command} is not installed (not found on PATH)${options.missingHint ? `: ${options.missingHint}` : ''}`));
        }
        const exit = err.killed ? `killed by ${err.signal ?? 'timeout'}` : (code ?? null);
        reject(new CommandError(commandLine, exit, `${stdout}${stderr}`.trimEnd()));
      },
    );
  });
}
