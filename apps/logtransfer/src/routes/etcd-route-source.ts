import type { IOptions } from 'etcd3';
import { Etcd3PrefixStore, EtcdMirror } from '@logpipe/etcd-mirror';
import type { HealthCheck } from '@logpipe/metrics';
import type { Logger, Service } from '@logpipe/runtime';
import type { CompiledRoute, RouteRules } from './compile-route.js';
import { EtcdRouteSet, type RejectedRoute } from './etcd-route-set.js';

/** Without a first listing for this long, /healthz says so. */
const UNHEALTHY_AFTER_MS = 60_000;

export interface EtcdRouteSourceOptions {
  etcd: IOptions;
  /** Key prefix, without a trailing slash (default `/logtransfer`); routes are `<prefix>/routes/<topic>`. */
  prefix: string;
  rules: RouteRules;
  logger: Logger;
  /** Every valid route, after each change. */
  onRoutes: (routes: Map<string, CompiledRoute>) => void;
  onRejected: (rejected: RejectedRoute) => void;
}

/**
 * Keeps the etcd routes in step with etcd, mirroring `<prefix>/routes/` (see EtcdMirror for the
 * listing, watch and resyncs).
 *
 * Batches wait (`ready()`) for the first listing rather than index with INI routes alone: Kafka
 * keeps the messages meanwhile, and a document sent to the wrong index cannot be taken back.
 * Once listed, the routes stay in force while etcd is unreachable.
 */
export class EtcdRouteSource implements Service {
  readonly name = 'etcd-routes';
  private readonly set: EtcdRouteSet;
  private readonly mirror: EtcdMirror;
  private readonly synced: Promise<void>;
  private markSynced!: () => void;
  private isSynced = false;
  private startedAt = Date.now();

  constructor(private readonly options: EtcdRouteSourceOptions) {
    this.set = new EtcdRouteSet(options.prefix, options.rules);
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
    const prefix = `${options.prefix}/routes/`;
    this.mirror = new EtcdMirror({
      store: new Etcd3PrefixStore(options.etcd),
      prefixes: [prefix],
      logger: options.logger,
      messages: {
        watchDisconnected: 'etcd watch of routes disconnected; keeping the routes, resynchronising when it reconnects',
        watchReconnected: 'etcd watch of routes reconnected; resynchronising',
        watchFailed: 'etcd watch of routes failed; resynchronising',
        resyncFailed: 'cannot list the routes in etcd; retrying',
      },
      onListing: (entries) => this.publish(this.set.replaceAll(entries)),
      onPut: (entry) => this.publish([this.set.put(entry)]),
      onDelete: (key) => {
        this.set.delete(key);
        this.publish([]);
      },
      onResynced: () => {
        if (!this.isSynced) {
          this.isSynced = true;
          this.markSynced();
        }
        options.logger.info('routes listed from etcd', { prefix, routes: this.set.snapshot().size });
      },
    });
  }

  /** Returns at once; the first listing is retried with backoff until etcd answers. */
  async start(): Promise<void> {
    this.startedAt = Date.now();
    this.mirror.resync();
  }

  stop(): Promise<void> {
    return this.mirror.stop();
  }

  /** Resolves once the first listing is applied; rejects when `signal` aborts first. */
  ready(signal: AbortSignal): Promise<void> {
    if (this.isSynced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new Error('stopped while waiting for the first listing of routes from etcd'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      void this.synced.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  health(): HealthCheck {
    if (!this.isSynced) {
      const seconds = Math.round((Date.now() - this.startedAt) / 1000);
      const lastError = (this.mirror.resyncError as Error | undefined)?.message;
      return {
        ok: Date.now() - this.startedAt <= UNHEALTHY_AFTER_MS,
        detail: `no routes listed from etcd yet (for ${seconds} s); batches wait for them${lastError ? `: ${lastError}` : ''}`,
      };
    }
    return { ok: true, detail: this.mirror.watchInterrupted ? 'etcd unreachable; running with the last routes listed' : 'watching' };
  }

  private publish(rejected: (RejectedRoute | undefined)[]): void {
    for (const problem of rejected) if (problem) this.options.onRejected(problem);
    this.options.onRoutes(this.set.snapshot());
  }
}
