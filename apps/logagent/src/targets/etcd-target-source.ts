import { Etcd3, type IKeyValue, type IOptions, type Watcher } from 'etcd3';
import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import { ALL_AGENTS, isTargetKey, type Target } from '@logpipe/targets';
import { TargetSet, type KeyValue, type RejectedValue } from './target-set.js';
import type { KnownTargetsFile } from './known-targets-file.js';

/** A listing that gets no answer in this long is retried: a half-open connection must not stall a resync. */
const LISTING_DEADLINE_MS = 10_000;
/** stop() does not wait longer than this for etcd to confirm that the watches are cancelled. */
const CANCEL_TIMEOUT_MS = 1000;

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
 * Keeps the agent's targets in step with etcd: one listing per prefix, then a watch on it that
 * begins right after that listing's revision, so no change between the two is missed. When etcd
 * is unreachable, the agent runs from the targets it last saw, and a background loop reconnects
 * with backoff and resynchronises from a fresh listing. Every sync goes through one shared
 * attempt, so there is only ever one set of watches.
 */
export class EtcdTargetSource implements Service {
  readonly name = 'etcd-targets';
  private readonly client: Etcd3;
  private readonly set: TargetSet;
  private readonly prefixes: string[];
  private watchers: Watcher[] = [];
  private readonly abort = new AbortController();
  private syncing: Promise<void> | undefined;
  private resyncing: Promise<void> | undefined;
  /** Set once a listing from etcd was applied: from then on, the last known targets are stale. */
  private synced = false;
  /** The watch stream is down (all watches share it): reported once, and resynced on reconnect. */
  private watchDown = false;

  constructor(private readonly options: EtcdTargetSourceOptions) {
    this.client = new Etcd3(options.etcd);
    this.set = new TargetSet(options.allowedPaths);
    this.prefixes = [`${options.prefix}/${options.agentName}/`, `${options.prefix}/${ALL_AGENTS}/`];
  }

  async start(): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 5000;
    const timer = new AbortController();
    const problem = await Promise.race([
      this.sync().then(() => undefined, (err: unknown) => err ?? new Error('etcd listing failed')),
      sleep(timeoutMs, AbortSignal.any([timer.signal, this.abort.signal])).then(() => new Error(`etcd did not answer within ${timeoutMs} ms ([etcd] start_timeout)`)),
    ]).finally(() => timer.abort());
    if (problem === undefined) return;
    this.options.logger.warn('etcd unavailable at startup; running from the last known targets', { err: problem });
    const known = await this.options.knownTargets.load();
    // The first listing may have succeeded while the file was read; etcd's view wins.
    if (!this.synced) this.publish(this.set.replaceAll(Object.entries(known).map(([key, value]) => ({ key, value }))));
    this.resync();
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    const timer = new AbortController();
    await Promise.race([Promise.allSettled(this.watchers.map((w) => w.cancel())), sleep(CANCEL_TIMEOUT_MS, timer.signal)]);
    timer.abort();
    this.client.close();
  });

  /** One listing-and-watch attempt; concurrent callers (start, resync loop) share the one in flight. */
  private sync(): Promise<void> {
    this.syncing ??= this.listAndWatch().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async listAndWatch(): Promise<void> {
    await Promise.allSettled(this.watchers.map((w) => w.cancel()));
    this.watchers = [];
    const entries: KeyValue[] = [];
    const revisions: bigint[] = [];
    for (const prefix of this.prefixes) {
      const listing = await this.client.getAll().prefix(prefix).options({ deadline: Date.now() + LISTING_DEADLINE_MS }).exec();
      revisions.push(BigInt(listing.header.revision));
      for (const kv of listing.kvs) entries.push(this.keyValue(kv));
    }
    if (this.abort.signal.aborted) return;
    this.publish(this.set.replaceAll(entries));
    this.synced = true;
    this.watchDown = false;
    for (const [index, prefix] of this.prefixes.entries()) {
      // Each watch begins right after its own prefix's listing: a change made between the two
      // listings is then neither missed nor applied twice.
      const watcher = await this.client.watch().prefix(prefix).startRevision(String(revisions[index]! + 1n)).create();
      this.watchers.push(watcher);
      if (this.abort.signal.aborted) return;
      this.follow(watcher);
    }
  }

  private follow(watcher: Watcher): void {
    watcher.on('put', (kv) => {
      const entry = this.keyValue(kv);
      if (isTargetKey(entry.key)) this.publish([this.set.put(entry)]);
    });
    watcher.on('delete', (kv) => {
      const key = this.relative(kv.key.toString());
      if (!isTargetKey(key)) return;
      this.set.delete(key);
      this.publish([]);
    });
    watcher.on('disconnected', () => {
      if (this.watchDown) return;
      this.watchDown = true;
      this.options.logger.warn('etcd watch disconnected; will resynchronise when it reconnects');
    });
    // 'connected' also fires for a watch's first connect: only a reconnect calls for a resync.
    // etcd3 replays what the watch missed, but a listing is the only way to be sure the agent's
    // view matches etcd after an outage (the missed revisions may have been compacted).
    watcher.on('connected', () => {
      if (!this.watchDown) return;
      this.watchDown = false;
      this.options.logger.info('etcd watch reconnected; resynchronising');
      this.resync();
    });
    watcher.on('error', (err) => {
      this.options.logger.warn('etcd watch failed; resynchronising', { err });
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
          if (!this.abort.signal.aborted) this.options.logger.info('etcd targets resynchronised', { targets: this.set.targets().length });
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

  private keyValue(kv: IKeyValue): KeyValue {
    return { key: this.relative(kv.key.toString()), value: kv.value.toString(), revision: kv.mod_revision };
  }

  private relative(key: string): string {
    return key.slice(this.options.prefix.length + 1);
  }
}
