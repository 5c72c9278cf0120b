import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { type Logger, type Service, onceStop } from '@logpipe/runtime';
import type { HealthFunction, HealthReport } from './health.js';
import { type ListenAddress, formatListenAddress, parseListenAddress } from './listen-address.js';

export interface MetricsServerOptions {
  /** `host:port`; port 0 lets the OS choose, read the result from `address` after `start()`. */
  listen: string;
  registry: Registry;
  health: HealthFunction;
  logger: Logger;
  /**
   * How long `stop()` lets in-flight requests finish before cutting their connections, so a hung
   * health function cannot hold up shutdown.
   */
  drainTimeoutMs?: number;
}

const ROUTES = new Set(['/metrics', '/healthz']);

/**
 * Serves `GET /metrics` (the registry in Prometheus text format) and `GET /healthz` (the app's
 * health report as JSON, 200 or 503). Every other path is 404, another method on a known path 405.
 */
export class MetricsServer implements Service {
  readonly name = 'metrics-server';
  private readonly listenAddress: ListenAddress;
  private readonly logger: Logger;
  private server: Server | undefined;
  private bound: ListenAddress | undefined;

  constructor(private readonly options: MetricsServerOptions) {
    // Parse now, so a bad address fails while the app is still being wired, not at start.
    this.listenAddress = parseListenAddress(options.listen);
    this.logger = options.logger.child({ service: this.name });
  }

  /** The address actually bound, with the real port when `listen` asked for port 0. */
  get address(): ListenAddress {
    if (!this.bound) throw new Error('metrics server is not listening; call start() first');
    return this.bound;
  }

  /** Base URL of the bound address, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return `http://${formatListenAddress(this.address)}`;
  }

  async start(): Promise<void> {
    if (this.server) throw new Error('metrics server was already started');
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.fail(res, err));
    });
    this.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.listenAddress.port, this.listenAddress.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      // Leave the server startable again, e.g. once the port is free.
      this.server = undefined;
      throw err;
    }
    const info = server.address() as AddressInfo;
    this.bound = { host: info.address, port: info.port };
    this.logger.info('metrics server listening', { url: this.url });
  }

  readonly stop = onceStop(async () => {
    const server = this.server;
    if (!server?.listening) return;
    const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    // Keep-alive connections with no request would keep close() waiting until they time out.
    server.closeIdleConnections();
    const drainTimer = setTimeout(() => server.closeAllConnections(), this.options.drainTimeoutMs ?? 5000);
    drainTimer.unref();
    try {
      await closed;
    } finally {
      clearTimeout(drainTimer);
    }
    this.logger.info('metrics server stopped');
  });

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!ROUTES.has(path)) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    }
    if (path === '/metrics') {
      const body = await this.options.registry.metrics();
      return send(res, 200, this.options.registry.contentType, body);
    }
    const report = await this.healthReport();
    send(res, report.healthy ? 200 : 503, 'application/json', JSON.stringify(report) + '\n');
  }

  /** A health function that throws is itself a failed check, not a 500: probes must see 503. */
  private async healthReport(): Promise<HealthReport> {
    try {
      return await this.options.health();
    } catch (err) {
      this.logger.warn('health function failed', { err });
      return { healthy: false, checks: { health: { ok: false, detail: errorMessage(err) } } };
    }
  }

  private fail(res: ServerResponse, err: unknown): void {
    this.logger.error('metrics request failed', { err });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    send(res, 500, 'text/plain; charset=utf-8', `internal error: ${errorMessage(err)}\n`);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    // Scrapes and probes must see the current state, never a proxy's copy.
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
