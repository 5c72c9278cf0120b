import type { IOptions } from 'etcd3';
import { Etcd3PrefixStore, EtcdAccessError, EtcdMirror, type EtcdAccess, type EtcdEntry } from '@logpipe/etcd-mirror';
import { sleep, type Logger, type Service } from '@logpipe/runtime';
import { ALL_AGENTS, isTargetKey, type Target } from '@logpipe/targets';
import { TargetSet, type KeyValue, type RejectedValue } from './target-set.js';
import type { KnownTargetsFile } from './known-targets-file.js';

export interface EtcdTargetSourceOptions {
  etcd: IOptions;
  /** For errors that say what to fix when etcd refuses the agent (password, role, certificate). */
  access?: EtcdAccess;
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
 * Keeps the agent's targets in step with etcd, mirroring `<prefix>/<agent>/` and
 * `<prefix>/_all/` (see EtcdMirror for the listing, watches and resyncs). When etcd is
 * unreachable at start, the agent runs from the targets it last saw, while the mirror reconnects
 * with backoff in the background.
 */
export class EtcdTargetSource implements Service {
  readonly name = 'etcd-targets';
  private readonly set: TargetSet;
  private readonly mirror: EtcdMirror;
  /** Set once a listing from etcd was applied: from then on, the last known targets are stale. */
  private synced = false;

  constructor(private readonly options: EtcdTargetSourceOptions) {
    this.set = new TargetSet(options.allowedPaths);
    this.mirror = new EtcdMirror({
      store: new Etcd3PrefixStore(options.etcd, options.access),
      prefixes: [`${options.prefix}/${options.agentName}/`, `${options.prefix}/${ALL_AGENTS}/`],
      logger: options.logger,
      messages: {
        watchDisconnected: 'etcd watch disconnected; will resynchronise when it reconnects',
        watchReconnected: 'etcd watch reconnected; resynchronising',
        watchFailed: 'etcd watch failed; resynchronising',
        resyncFailed: 'etcd resync failed; retrying',
      },
      onListing: (entries) => {
        this.publish(this.set.replaceAll(entries.map((entry) => this.relative(entry))));
        this.synced = true;
      },
      onPut: (entry) => {
        const relative = this.relative(entry);
        if (isTargetKey(relative.key)) this.publish([this.set.put(relative)]);
      },
      onDelete: (key) => {
        const relativeKey = this.relativeKey(key);
        if (!isTargetKey(relativeKey)) return;
        this.set.delete(relativeKey);
        this.publish([]);
      },
      onResynced: () => options.logger.info('etcd targets resynchronised', { targets: this.set.targets().length }),
    });
  }

  async start(): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 5000;
    const timer = new AbortController();
    const problem = await Promise.race([
      this.mirror.sync().then(() => undefined, (err: unknown) => err ?? new Error('etcd listing failed')),
      sleep(timeoutMs, AbortSignal.any([timer.signal, this.mirror.stopSignal])).then(() => new Error(`etcd did not answer within ${timeoutMs} ms ([etcd] start_timeout)`)),
    ]).finally(() => timer.abort());
    if (problem === undefined) return;
    // Refused credentials do not pass by themselves like an outage: an error, saying what to fix.
    if (problem instanceof EtcdAccessError) this.options.logger.error('etcd refused the agent at startup; running from the last known targets', { err: problem });
    else this.options.logger.warn('etcd unavailable at startup; running from the last known targets', { err: problem });
    const known = await this.options.knownTargets.load();
    // The first listing may have succeeded while the file was read; etcd's view wins.
    if (!this.synced) this.publish(this.set.replaceAll(Object.entries(known).map(([key, value]) => ({ key, value }))));
    this.mirror.resync();
  }

  stop(): Promise<void> {
    return this.mirror.stop();
  }

  private publish(rejected: (RejectedValue | undefined)[]): void {
    for (const problem of rejected) if (problem) this.options.onRejected(problem);
    this.options.onTargets(this.set.targets());
    this.options.knownTargets.save(this.set.snapshot());
  }

  /** Target keys are relative to the prefix (`<agent>/targets/x`): the form ids and known targets use. */
  private relative({ key, value, revision }: EtcdEntry): KeyValue {
    return { key: this.relativeKey(key), value, revision };
  }

  private relativeKey(key: string): string {
    return key.slice(this.options.prefix.length + 1);
  }
}
