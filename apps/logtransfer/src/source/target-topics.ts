import type { IOptions } from 'etcd3';
import { Etcd3PrefixStore, EtcdMirror, type EtcdEntry } from '@logpipe/etcd-mirror';
import type { HealthCheck } from '@logpipe/metrics';
import type { Logger, Service } from '@logpipe/runtime';
import { parseKeyValue } from '@logpipe/targets';

export interface TargetTopicsOptions {
  etcd: IOptions;
  /** The agents' key prefix, without a trailing slash (their `[etcd] prefix`, default `/logagent`). */
  agentsPrefix: string;
  logger: Logger;
  /** The topics that valid targets name, sorted, after every change that alters them. */
  onTopics: (topics: readonly string[]) => void;
}

/**
 * The topics the collection targets in etcd write to, for every agent (`<prefix>/<agent>/...`
 * and `_all`), kept live with the same list-then-watch mirror the agents use. Adding a target
 * is all a user does to get its lines indexed: the transfer learns its topic here, at once,
 * usually before the agent has produced a line. A value the agents reject names no topic; the
 * agents log why. While etcd is unreachable the last topics stay in force.
 */
export class TargetTopics implements Service {
  readonly name = 'etcd-target-topics';
  private readonly topicsByKey = new Map<string, readonly string[]>();
  private readonly mirror: EtcdMirror;
  private published = '';
  private listed = false;

  constructor(private readonly options: TargetTopicsOptions) {
    const prefix = `${options.agentsPrefix}/`;
    this.mirror = new EtcdMirror({
      store: new Etcd3PrefixStore(options.etcd),
      prefixes: [prefix],
      logger: options.logger,
      messages: {
        watchDisconnected: 'etcd watch of the targets disconnected; consuming their last known topics, resynchronising when it reconnects',
        watchReconnected: 'etcd watch of the targets reconnected; resynchronising',
        watchFailed: 'etcd watch of the targets failed; resynchronising',
        resyncFailed: 'cannot list the targets in etcd; retrying (their topics are consumed once it answers)',
      },
      onListing: (entries) => {
        this.topicsByKey.clear();
        for (const entry of entries) this.put(entry);
        this.publish();
      },
      onPut: (entry) => {
        this.put(entry);
        this.publish();
      },
      onDelete: (key) => {
        this.topicsByKey.delete(key);
        this.publish();
      },
      onResynced: () => {
        this.listed = true;
        options.logger.info('targets listed from etcd', { prefix, topics: this.topics() });
      },
    });
  }

  /** Returns at once: the topics named in the INI file are consumed meanwhile. */
  async start(): Promise<void> {
    this.mirror.resync();
  }

  stop(): Promise<void> {
    return this.mirror.stop();
  }

  topics(): string[] {
    const topics = new Set<string>();
    for (const list of this.topicsByKey.values()) for (const topic of list) topics.add(topic);
    return [...topics].sort();
  }

  health(): HealthCheck {
    if (!this.listed) return { ok: true, detail: `targets not listed from etcd yet${this.mirror.resyncError ? `: ${(this.mirror.resyncError as Error).message}` : ''}` };
    return { ok: true, detail: this.mirror.watchInterrupted ? 'etcd unreachable; consuming the last known target topics' : 'watching' };
  }

  private put({ key, value }: EtcdEntry): void {
    const relative = key.slice(this.options.agentsPrefix.length + 1);
    const parsed = parseKeyValue(relative, value, []);
    const topics = parsed.ok ? [...new Set(parsed.targets.map((t) => t.topic))] : [];
    if (topics.length > 0) this.topicsByKey.set(key, topics);
    else this.topicsByKey.delete(key);
  }

  private publish(): void {
    const topics = this.topics();
    const text = topics.join(',');
    if (text === this.published) return;
    this.published = text;
    this.options.onTopics(topics);
  }
}
