import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test can cut: `pause()` drops every open connection and refuses new ones, as a
 * server that went down would; `resume()` lets clients in again. After etcd3's test Proxy.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private paused = false;

  /**
   * `listenPort` 0 lets the OS pick a free port as the proxy binds it: a port found free earlier
   * and bound later can be taken by another process in between. A fixed port is for a listener
   * that advertises it (Kafka's FAULT listener).
   */
  constructor(
    private readonly listenPort: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** The port the proxy listens on: the one the OS picked for port 0, once started. */
  get port(): number {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : this.listenPort;
  }

  async start(): Promise<void> {
    const server = createServer((client) => {
      if (this.paused) {
        client.destroy();
        return;
      }
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** The server "goes down": open connections are reset and new ones refused. */
  pause(): void {
    this.paused = true;
    for (const socket of this.sockets) socket.destroy();
  }

  resume(): void {
    this.paused = false;
  }

  async stop(): Promise<void> {
    this.pause();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
