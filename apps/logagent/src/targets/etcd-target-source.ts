import { Etcd3, type IOptions, type Watcher } from 'etcd3';
import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import { ALL_AGENTS } from './target-keys.js';
import { TargetSet, type RejectedValue } from './target-set.js';
import type { KnownTargetsFile } from './known-targets-file.js';
import type { Target } from './target.js';

export interface EtcdTargetSourceOptions {
  etcd: IOptions;
  /** Key prefix, without a trailing slash (default `/logagent`). */
  prefix: string;
  agentName: string;
  allowedPaths: readonly string[];
  knownTargets: KnownTargetsFile;
  logger: Logger;
  onTargets: (targets: Target[]) => void;
  onRejected: (rejected: RejectedValue) => void;
  /** How long start() waits for etcd before falling back to the last known targets. */
  startTimeoutMs?: number;
}

/**
 * Keeps the agent's targets in step with etcd: one listing, then prefix watches that begin at
 * the listing's revision so no change between the two is missed. When etcd is unreachable, the
 * agent runs from the targets it last saw, and a background loop reconnects with backoff and
 * resynchronises from a fresh listing.
 */
export class EtcdTargetSource implements Service {
  readonly name = 'etcd-targets';
  private readonly client: Etcd3;
  private readonly set: TargetSet;
  private readonly prefixes: string[];
  private watchers: Watcher[] = [];
  private readonly abort = new AbortController();
  private resyncing: Promise<void> | undefined;

  constructor(private readonly options: EtcdTargetSourceOptions) {
    this.client = new Etcd3(options.etcd);
    this.set = new TargetSet(options.allowedPaths);
    this.prefixes = [`${options.prefix}/${options.agentName}/`, `${options.prefix}/${ALL_AGENTS}/`];
  }

  async start(): Promise<void> {
    const connected = this.syncAndWatch().then(() => true, (err: unknown) => {
      this.options.logger.warn('etcd unavailable at startup; running from the last known targets', { err });
      return false;
    });
    const timeout = sleep(this.options.startTimeoutMs ?? 5000, this.abort.signal).then(() => false);
    if (!(await Promise.race([connected, timeout]))) {
      const known = await this.options.knownTargets.load();
      this.publish(this.set.replaceAll(Object.entries(known)));
      this.resync();
    }
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    await Promise.allSettled(this.watchers.map((w) => w.cancel()));
    this.client.close();
  });

  private async syncAndWatch(): Promise<void> {
    await Promise.allSettled(this.watchers.map((w) => w.cancel()));
    this.watchers = [];
    let revision = 0n;
    const entries: [string, string][] = [];
    for (const prefix of this.prefixes) {
      const listing = await this.client.getAll().prefix(prefix).exec();
      const listed = BigInt(listing.header.revision);
      if (listed > revision) revision = listed;
      for (const kv of listing.kvs) entries.push([this.relative(kv.key.toString()), kv.value.toString()]);
    }
    if (this.abort.signal.aborted) return;
    this.publish(this.set.replaceAll(entries));
    for (const prefix of this.prefixes) {
      const watcher = await this.client.watch().prefix(prefix).startRevision(String(revision + 1n)).create();
      watcher.on('put', (kv) => this.publish([this.set.put(this.relative(kv.key.toString()), kv.value.toString())]));
      watcher.on('delete', (kv) => {
        this.set.delete(this.relative(kv.key.toString()));
        this.publish([]);
      });
      // After an outage the watch may have missed compacted revisions: a full listing is the
      // only way to be sure the agent's view matches etcd again.
      watcher.on('disconnected', () => this.options.logger.warn('etcd watch disconnected; will resynchronise'));
      watcher.on('connected', () => this.resync());
      watcher.on('error', (err) => {
        this.options.logger.warn('etcd watch failed; resynchronising', { err });
        this.resync();
      });
      this.watchers.push(watcher);
    }
  }

  /** Retries a full listing with backoff until it succeeds; concurrent calls share one loop. */
  private resync(): void {
    this.resyncing ??= (async () => {
      const backoff = new Backoff({ initialMs: 500, maxMs: 30_000 });
      while (!this.abort.signal.aborted) {
        try {
          await this.syncAndWatch();
          this.options.logger.info('etcd targets resynchronised', { targets: this.set.targets().length });
          return;
        } catch (err) {
          const delay = backoff.next();
          this.options.logger.warn('etcd resync failed; retrying', { err, retryInMs: delay });
          await sleep(delay, this.abort.signal);
        }
      }
    })().finally(() => {
      this.resyncing = undefined;
    });
  }

  private publish(rejected: (RejectedValue | undefined)[]): void {
    for (const problem of rejected) if (problem) this.options.onRejected(problem);
    this.options.onTargets(this.set.targets());
    this.options.knownTargets.save(this.set.snapshot());
  }

  private relative(key: string): string {
    return key.slice(this.options.prefix.length + 1);
  }
}
