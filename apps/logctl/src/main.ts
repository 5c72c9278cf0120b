import { EXIT_OK } from './cli/errors.js';
import { run } from './run.js';

/**
 * Ctrl-C or SIGTERM asks the command to stop (`--follow` ends its loop and exits 0); a command
 * that does not stop within 2 s, or a second Ctrl-C, ends the process.
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    setTimeout(() => process.exit(130), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}

// `logctl ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT_OK);
  throw err;
});

const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }, process.env, interruptSignal());
process.exitCode = code;
// Clients (etcd's gRPC channel, Kafka's sockets) are closed by each command; should one linger, it must
// not keep a finished command alive.
setTimeout(() => process.exit(code), 500).unref();
