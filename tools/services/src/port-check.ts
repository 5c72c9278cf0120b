import { execFile } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** True when something accepts connections on 127.0.0.1:port. */
export function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    const done = (inUse: boolean): void => {
      socket.destroy();
      resolve(inUse);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * Who listens on a port, as `ss` reports it ("pid=123 java ..."), to put in the error message.
 * Best effort: undefined when ss is missing or may not see other users' sockets.
 */
export function describePortOwner(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('ss', ['-Hltnp', `sport = :${port}`], { timeout: 2000 }, (err, stdout) => {
      if (err) return resolve(undefined);
      const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(stdout);
      resolve(match ? `pid ${match[2]} (${match[1]})` : undefined);
    });
  });
}

/** A port nothing listens on right now, from the kernel: for a server a test starts on its own. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
