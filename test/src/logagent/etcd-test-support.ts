import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import type { AppProcess } from '../support/app-process.js';
import { metricSamples, metricsUrl } from '../support/metrics.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/** Helpers shared by the etcd-facing agent tests (targets, outages, registration). */

export const lines = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix} line ${i}`);

export const text = (prefix: string, count: number): string => lines(prefix, count).join('\n') + '\n';

/**
 * A metric of the agent's /metrics, e.g. `logagent_config_errors_total`: the sum of its series
 * (every series carries the default `app` label).
 */
export async function scrapeMetric(agent: AppProcess, name: string): Promise<number> {
  const samples = await metricSamples(await metricsUrl(agent), name);
  if (samples.length === 0) throw new Error(`${name} is not in the agent's /metrics`);
  return samples.reduce((sum, s) => sum + s.value, 0);
}

/** Waits until a metric has exactly `expected`; fails naming the last value seen. */
export async function waitForMetric(agent: AppProcess, name: string, expected: number, timeoutMs = 10_000): Promise<void> {
  let last: number | undefined;
  await waitFor(async () => (last = await scrapeMetric(agent, name)) === expected, { what: `${name} to be ${expected}`, timeoutMs, intervalMs: 100 }).catch(
    (err: Error) => {
      throw new Error(`${err.message}; last scraped ${name} = ${last}`);
    },
  );
}

/** A started, pausable TCP proxy in front of the harness's etcd; `endpoint` is for the agent's ini. */
export async function etcdProxy(): Promise<{ proxy: TcpProxy; endpoint: string }> {
  const etcd = new URL(endpoints().etcdEndpoints[0]!);
  // Port 0: bound at once, so no other process can take it between choosing and binding.
  const proxy = new TcpProxy(0, { host: etcd.hostname, port: Number(etcd.port) });
  await proxy.start();
  return { proxy, endpoint: `http://127.0.0.1:${proxy.port}` };
}

/** Log lines with this message (and matching fields), in the order the agent wrote them. */
export function logsWith(agent: AppProcess, message: string, fields: Record<string, unknown> = {}): Record<string, unknown>[] {
  return agent.logs.filter((l) => l.message === message && Object.entries(fields).every(([k, v]) => l[k] === v));
}

/** Waits until the agent has logged `count` lines with this message (and fields); returns the last. */
export async function waitForLogCount(agent: AppProcess, message: string, count: number, fields: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  const found = await waitFor(() => {
    const matching = logsWith(agent, message, fields);
    return matching.length >= count ? matching : undefined;
  }, { what: `${agent.app} to log "${message}" ${JSON.stringify(fields)} ${count} times`, timeoutMs }).catch((err: Error) => {
    // The output as of the deadline, not as of the call.
    throw new Error(`${err.message}; seen ${logsWith(agent, message, fields).length}; recent output:\n${agent.output.slice(-3000)}`);
  });
  assert.equal(found.length, count, `"${message}" was logged ${found.length} times, expected ${count}`);
  return found[count - 1]!;
}

/**
 * A proxy in front of etcd that can stall: while stalled it accepts connections but passes
 * nothing on, as a server behind a network that drops packets would (the TcpProxy's pause
 * refuses instead). `release()` forwards everything, what was held included.
 */
export class StallingEtcdProxy {
  private readonly server: Server;
  private readonly held: Socket[] = [];
  private readonly sockets = new Set<Socket>();
  private stalled = false;
  private readonly target = new URL(endpoints().etcdEndpoints[0]!);

  private constructor() {
    this.server = createServer((client) => {
      this.track(client);
      if (this.stalled) this.held.push(client);
      else this.forward(client);
    });
  }

  static async start(): Promise<StallingEtcdProxy> {
    const proxy = new StallingEtcdProxy();
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** From now on, connections are held; open ones are cut so that clients reconnect into the stall. */
  stall(): void {
    this.stalled = true;
    for (const socket of this.sockets) socket.destroy();
  }

  release(): void {
    this.stalled = false;
    for (const client of this.held.splice(0)) if (!client.destroyed) this.forward(client);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: Socket): void {
    const upstream = connect(Number(this.target.port), this.target.hostname);
    this.track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }
}
