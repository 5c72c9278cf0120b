// A peer's process: spawned, its stderr kept for error messages, stopped with SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export function startChild(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  let stderr = '';
  const lineWaiters = [];
  child.stderr.setEncoding('utf8').on('data', (text) => {
    stderr = (stderr + text).slice(-20_000);
    for (const waiter of [...lineWaiters]) waiter();
  });
  const exited = once(child, 'exit').then(([code]) => code);
  return {
    pid: child.pid,
    exited,
    get stderr() {
      return stderr;
    },
    /** Resolves once stderr contains `text`; rejects if the process exits first. */
    waitForStderr(text, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => fail(new Error(`${command} did not print ${text} within ${timeoutMs} ms:\n${stderr.slice(-2000)}`)), timeoutMs);
        const check = () => {
          if (!stderr.includes(text)) return;
          done();
          resolve();
        };
        const fail = (err) => {
          done();
          reject(err);
        };
        const done = () => {
          clearTimeout(timer);
          lineWaiters.splice(lineWaiters.indexOf(check), 1);
        };
        lineWaiters.push(check);
        exited.then((code) => fail(new Error(`${command} exited with ${code}:\n${stderr.slice(-2000)}`)), fail);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
