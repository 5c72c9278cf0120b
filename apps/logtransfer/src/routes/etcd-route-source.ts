import { Etcd3, type IKeyValue, type IOptions, type Watcher } from 'etcd3';
import type { HealthCheck } from '@logpipe/metrics';
import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import type { CompiledRoute, RouteRules } from './compile-route.js';
import { EtcdRouteSet, type RejectedRoute, type RouteKeyValue } from './etcd-route-set.js';

/** A listing that gets no answer in this long is retried: a half-open connection must not stall a resync. */
const LISTING_DEADLINE_MS = 10_000;
/** stop() does not wait longer than this for etcd to confirm that the watch is cancelled. */
const CANCEL_TIMEOUT_MS = 1000;
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
 * Keeps the etcd routes in step with etcd: a listing of `<prefix>/routes/`, then a watch that
 * begins right after the listing's revision, so no change between the two is missed. After a
 * watch failure or reconnect, a fresh listing resynchronises (missed revisions may have been
 * compacted).
 *
 * Batches wait (`ready()`) for the first listing rather than index with INI routes alone: Kafka
 * keeps the messages meanwhile, and a document sent to the wrong index cannot be taken back.
 * Once listed, the routes stay in force while etcd is unreachable.
 */
export class EtcdRouteSource implements Service {
  readonly name = 'etcd-routes';
  private readonly client: Etcd3;
  private readonly set: EtcdRouteSet;
  private readonly abort = new AbortController();
  private watcher: Watcher | undefined;
  private syncing: Promise<void> | undefined;
  private resyncing: Promise<void> | undefined;
  private readonly synced: Promise<void>;
  private markSynced!: () => void;
  private isSynced = false;
  private watchDown = false;
  private startedAt = Date.now();
  private lastError = '';

  constructor(private readonly options: EtcdRouteSourceOptions) {
    this.client = new Etcd3(options.etcd);
    this.set = new EtcdRouteSet(options.prefix, options.rules);
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
  }

  /** Returns at once; the first listing is retried with backoff until etcd answers. */
  async start(): Promise<void> {
    this.startedAt = Date.now();
    this.resync();
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    const timer = new AbortController();
    await Promise.race([this.watcher?.cancel().catch(() => undefined), sleep(CANCEL_TIMEOUT_MS, timer.signal)]);
    timer.abort();
    // Closing first ends a listing still waiting for an unreachable etcd.
    this.client.close();
    await this.resyncing;
  });

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
      return {
        ok: Date.now() - this.startedAt <= UNHEALTHY_AFTER_MS,
        detail: `no routes listed from etcd yet (for ${seconds} s); batches wait for them${this.lastError ? `: ${this.lastError}` : ''}`,
      };
    }
    return { ok: true, detail: this.watchDown ? 'etcd unreachable; running with the last routes listed' : 'watching' };
  }

  /** One listing-and-watch attempt; concurrent callers share the one in flight. */
  private sync(): Promise<void> {
    this.syncing ??= this.listAndWatch().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async listAndWatch(): Promise<void> {
    await this.watcher?.cancel().catch(() => undefined);
    this.watcher = undefined;
    const prefix = `${this.options.prefix}/routes/`;
    const listing = await this.client.getAll().prefix(prefix).options({ deadline: Date.now() + LISTING_DEADLINE_MS }).exec();
    if (this.abort.signal.aborted) return;
    this.publish(this.set.replaceAll(listing.kvs.map(keyValue)));
    this.watchDown = false;
    const watcher = await this.client.watch().prefix(prefix).startRevision(String(BigInt(listing.header.revision) + 1n)).create();
    this.watcher = watcher;
    if (this.abort.signal.aborted) return;
    watcher.on('put', (kv) => this.publish([this.set.put(keyValue(kv))]));
    watcher.on('delete', (kv) => {
      this.set.delete(kv.key.toString());
      this.publish([]);
    });
    watcher.on('disconnected', () => {
      if (this.watchDown) return;
      this.watchDown = true;
      this.options.logger.warn('etcd watch of routes disconnected; keeping the routes, resynchronising when it reconnects');
    });
    // 'connected' also fires for the first connect: only a reconnect calls for a resync.
    watcher.on('connected', () => {
      if (!this.watchDown) return;
      this.options.logger.info('etcd watch of routes reconnected; resynchronising');
      this.resync();
    });
    watcher.on('error', (err) => {
      this.options.logger.warn('etcd watch of routes failed; resynchronising', { err });
      this.resync();
    });
  }

  /** Retries a full listing with backoff until it succeeds; concurrent calls share one loop. */
  private resync(): void {
    this.resyncing ??= (async () => {
      const backoff = new Backoff({ initialMs: 500, maxMs: 10_000 });
      while (!this.abort.signal.aborted) {
        try {
          await this.sync();
          if (this.abort.signal.aborted) return;
          if (!this.isSynced) {
            this.isSynced = true;
            this.markSynced();
          }
          this.lastError = '';
          this.options.logger.info('routes listed from etcd', { prefix: `${this.options.prefix}/routes/`, routes: this.set.snapshot().size });
          return;
        } catch (err) {
          const delay = backoff.next();
          this.lastError = (err as Error).message;
          this.options.logger.warn('cannot list the routes in etcd; retrying', { err, retryInMs: delay });
          await sleep(delay, this.abort.signal);
        }
      }
    })().finally(() => {
      this.resyncing = undefined;
    });
  }

  private publish(rejected: (RejectedRoute | undefined)[]): void {
    for (const problem of rejected) if (problem) this.options.onRejected(problem);
    this.options.onRoutes(this.set.snapshot());
  }
}

function keyValue(kv: IKeyValue): RouteKeyValue {
  return { key: kv.key.toString(), value: kv.value.toString(), revision: kv.mod_revision };
}
