import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import { KafkaAdapterError, type Kafka, type PartitionBatch } from '@logpipe/kafka';
import type { HealthCheck } from '@logpipe/metrics';
import type { TransferMetrics } from '../transfer-metrics.js';
import { ConsumerSession } from './consumer-session.js';
import { ExistingTopics } from './existing-topics.js';
import type { TopicSelector } from './topic-selector.js';
import type { FetchWait } from './fetch-wait.js';

export interface KafkaSourceOptions {
  kafka: Kafka;
  groupId: string;
  /** `[kafka] topics`: names, and regular expressions for names that match. */
  topics: TopicSelector;
  /** How often the topic list is read for new (or deleted) topics to consume. */
  refreshIntervalMs: number;
  logger: Logger;
  metrics: TransferMetrics;
  maxBytesPerPartition: number;
  /** How long Kafka holds a fetch for more messages (`[bulk] flush_interval`, see fetch-wait.ts). */
  fetchWait: FetchWait;
  /** `[kafka] group_protocol`. */
  groupProtocol: 'classic' | 'consumer';
  /** Fetched batches indexed at the same time; fetching waits while this many are in flight. */
  batchesInFlight: number;
  /**
   * Handles one partition's batch and resolves only when every message is safely in
   * Elasticsearch or the dead-letter topic. Throwing leaves the batch uncommitted, and its
   * partition is consumed again from the committed offset. `signal` is aborted when the batch is
   * no longer this worker's to finish (its partition was revoked, or the drain timed out): stop then.
   */
  handleBatch: (batch: PartitionBatch, signal: AbortSignal) => Promise<void>;
  /** How long stop() lets batches in flight keep retrying before abandoning them (uncommitted). */
  drainTimeoutMs: number;
}

/**
 * A target just added names a topic its agent is creating: it is looked for this often, so its
 * first lines are consumed within a second or two rather than at the next refresh...
 */
const MISSING_TOPIC_POLL_MS = 200;
/** ... for this long after the change; a target whose agent never produces costs no more than that. */
const QUICK_LOOK_MS = 60_000;

type State = 'waiting for topics' | 'joining the group' | 'consuming' | 're-subscribing' | 'stopped';

/**
 * The consumer-group side of the transfer. Offsets are committed by hand, per partition, once a
 * batch and every earlier one of its partition are indexed, never on a timer: a crash or
 * rebalance can then only replay messages, and idempotent document ids make a replay harmless.
 * A batch is handed off to InFlightBatches, so that the next fetch overlaps its indexing.
 *
 * The client has no regular-expression subscriptions, and its members must all subscribe to
 * the same topics. So the source resolves `[kafka] topics` itself, against the topic list read
 * every `refreshIntervalMs`, and when the selection changes it restarts the consumer: the old
 * one stops fetching, its batches in flight finish and commit (what was fetched but not handed
 * off is dropped, uncommitted), and it leaves the group; then a new one joins with the whole new
 * set. Every partition resumes at its committed offset, and a new topic starts at its beginning,
 * so nothing is skipped and nothing indexed is consumed twice. A batch that fails restarts the
 * consumer the same way, after a backoff.
 */
export class KafkaSource implements Service {
  readonly name = 'kafka-source';
  private session: ConsumerSession | undefined;
  private readonly existing: ExistingTopics;
  /** stop() was called: the supervisor loop ends, and no new consumer joins. */
  private readonly stopping = new AbortController();
  /** Aborted when stop() gives up draining: batches in flight stop retrying. */
  private readonly abort = new AbortController();
  /** Wakes the supervisor when a batch failed and the consumer must restart. */
  private wake = new AbortController();
  private loop: Promise<void> | undefined;
  private state: State = 'waiting for topics';
  /** The brokers refused this worker; cleared once it is assigned partitions again. */
  private denied: Error | undefined;
  private loggedWaiting = false;
  /** Aborted when the targets' topics changed: the next look at the topic list happens at once. */
  private selectionChanged = new AbortController();
  /** A topic asked for by name does not exist yet. */
  private missing = false;
  private missingLogged = '';
  /** Until when missing topics are looked for every MISSING_TOPIC_POLL_MS. */
  private quickUntil = 0;

  constructor(private readonly options: KafkaSourceOptions) {
    this.existing = new ExistingTopics(options.kafka, options.topics, options.logger);
    options.topics.onChange(() => {
      this.quickUntil = Date.now() + QUICK_LOOK_MS;
      this.selectionChanged.abort();
    });
  }

  /**
   * Returns at once and joins the group in the background: topics that do not exist yet (no
   * agent has produced to them) or a broker that is down are waited for, rather than failing
   * the worker.
   */
  async start(): Promise<void> {
    this.loop = this.supervise();
  }

  /** The topics the consumer is subscribed to now; none while it waits for topics or re-subscribes. */
  consuming(): string[] {
    return this.state === 'consuming' && this.session ? [...this.session.topics] : [];
  }

  /** Unhealthy while Kafka refuses this worker; a worker still waiting for a topic is fine. */
  health(): HealthCheck {
    if (this.denied) return { ok: false, detail: `Kafka refused the consumer: ${this.denied.message}` };
    return { ok: true, detail: this.state === 'joining the group' ? 'waiting to join the group' : this.state };
  }

  /** Stops fetching, lets the batches in flight finish and commit (or abandons their retries), leaves the group. */
  readonly stop = onceStop(async () => {
    this.stopping.abort();
    const timer = setTimeout(() => {
      this.options.logger.warn('batches still not indexed at the drain timeout; abandoning them uncommitted', { drainTimeoutMs: this.options.drainTimeoutMs });
      this.abort.abort();
      this.session?.batches.cancelAll();
    }, this.options.drainTimeoutMs);
    try {
      await this.session?.retire();
      await this.loop;
      // The loop may have been between two consumers; whatever it left must not stay in the group.
      await this.session?.retire();
    } finally {
      clearTimeout(timer);
      this.state = 'stopped';
      await this.existing.close();
    }
  });

  /** Resolve the topics, join, watch the topic list; on a change (or a failed batch), restart the consumer. */
  private async supervise(): Promise<void> {
    const { logger, metrics } = this.options;
    const backoff = new Backoff({ initialMs: 1000, maxMs: 30_000 });
    const stopped = this.stopping.signal;
    let topics = await this.lookUp();
    while (!stopped.aborted) {
      if (topics === undefined || topics.length === 0) {
        if (topics !== undefined && !this.loggedWaiting) {
          this.loggedWaiting = true;
          logger.info('no topic to consume exists yet; waiting for one', { topics: this.options.topics.describe(), everyMs: this.options.refreshIntervalMs });
        }
        this.state = 'waiting for topics';
        await this.pause(topics === undefined ? backoff.next() : undefined);
        topics = await this.lookUp();
        continue;
      }
      try {
        this.state = 'joining the group';
        if (!(await this.join(topics))) return;
      } catch (err) {
        const delay = backoff.next();
        if (err instanceof KafkaAdapterError && err.denied) this.denied = err;
        logger[this.denied ? 'error' : 'warn']('cannot consume yet; retrying', { err, topics, retryInMs: delay });
        await this.session?.retire().catch(() => undefined);
        await sleep(delay, stopped);
        topics = (await this.lookUp()) ?? topics;
        continue;
      }
      const next = await this.watch(topics);
      if (next === undefined) return;
      if (next === 'restart') {
        const delay = backoff.next();
        this.state = 're-subscribing';
        await this.session?.retire();
        await sleep(delay, stopped);
        topics = (await this.lookUp()) ?? topics;
        continue;
      }
      backoff.reset();
      const added = next.filter((t) => !topics!.includes(t));
      const removed = topics.filter((t) => !next.includes(t));
      logger.info('the topics to consume changed; restarting the consumer with the new set', { added, removed });
      metrics.resubscriptions.inc();
      this.state = 're-subscribing';
      await this.session?.retire();
      topics = next;
    }
  }

  /**
   * The selected topics that exist now (undefined when Kafka could not be asked). Topics asked
   * for by name that do not exist yet (a target just added, whose agent is creating its topic)
   * are looked for again soon, not at the next refresh: see `pause()`.
   */
  private async lookUp(): Promise<string[] | undefined> {
    const found = await this.existing.selected();
    if (found === undefined) {
      // Refused before it could even list the topics: /healthz must say so, not "waiting".
      if (this.existing.lastError?.denied) this.denied = this.existing.lastError;
      return undefined;
    }
    const missing = found.missing.join(',');
    if (missing !== '' && missing !== this.missingLogged) this.options.logger.info('topics to consume do not exist yet; consuming them once they do', { missing: found.missing });
    this.missingLogged = missing;
    this.missing = found.missing.length > 0;
    return found.selected;
  }

  /**
   * Waits before the next look at the topic list: `ms` when given, else the refresh interval,
   * or MISSING_TOPIC_POLL_MS while a topic asked for is missing and the change that asked for
   * it is recent. A change of the targets' topics ends the wait at once.
   */
  private async pause(ms?: number): Promise<void> {
    const quick = this.missing && Date.now() < this.quickUntil;
    const wait = ms ?? (quick ? MISSING_TOPIC_POLL_MS : this.options.refreshIntervalMs);
    await sleep(wait, AbortSignal.any([this.stopping.signal, this.wake.signal, this.selectionChanged.signal]));
    if (this.selectionChanged.signal.aborted) this.selectionChanged = new AbortController();
  }

  /** @returns false when stop() came first. */
  private async join(topics: string[]): Promise<boolean> {
    const stopped = this.stopping.signal;
    const { kafka, groupId, groupProtocol, logger, metrics, maxBytesPerPartition, fetchWait, batchesInFlight } = this.options;
    const session = new ConsumerSession({
      kafka,
      groupId,
      groupProtocol,
      topics,
      maxBytesPerPartition,
      fetchMinBytes: fetchWait.minBytes,
      fetchMaxWaitMs: fetchWait.maxWaitMs,
      batchesInFlight,
      logger,
      metrics,
      onBatch: (owner, batch) => this.consumeBatch(owner, batch),
      onBatchFailure: (topic, partition, err) => {
        if (stopped.aborted) return;
        logger.warn('a batch could not be handled; restarting the consumer to read its partition again from the committed offset', { topic, partition, err });
        this.wake.abort();
      },
      onDenied: (err) => (this.denied = err),
    });
    this.session = session;
    await session.consumer.start();
    if (stopped.aborted) return false;
    this.state = 'consuming';
    this.options.metrics.topicsSubscribed.set(topics.length);
    this.options.logger.info('consuming', { group: this.options.groupId, topics });
    return true;
  }

  /**
   * Polls the topic list until the selection differs from `current` (the new selection), or a
   * failed batch asks for a restart; undefined when stopped.
   */
  private async watch(current: string[]): Promise<string[] | 'restart' | undefined> {
    const stopped = this.stopping.signal;
    while (!stopped.aborted) {
      await this.pause();
      if (stopped.aborted) return undefined;
      if (this.wake.signal.aborted) {
        this.wake = new AbortController();
        return 'restart';
      }
      const now = await this.lookUp();
      if (now !== undefined && (now.length !== current.length || now.some((t, i) => t !== current[i]))) return now;
    }
    return undefined;
  }

  /**
   * Hands a batch off to indexing, which commits it once its documents (and every earlier
   * batch of its partition) are in Elasticsearch or the dead-letter topic.
   */
  private consumeBatch({ batches, consumer }: ConsumerSession, batch: PartitionBatch): void {
    const ticket = batches.admitNow();
    if (ticket === undefined) return;
    const { topic, partition, records } = batch;
    this.options.metrics.messagesConsumed.inc({ topic }, records.length);
    const cancelled = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, cancelled.signal, batch.claim]);
    const work = this.options.handleBatch(batch, signal);
    batches.track(
      ticket,
      {
        topic,
        partition,
        nextOffset: batch.nextOffset.toString(),
        commit: async (offset) => {
          const committed = await consumer.commit([{ topic, partition, nextOffset: BigInt(offset), leaderEpoch: batch.leaderEpoch, claim: batch.claim }]);
          // One line per commit, not per document: progress can be followed without asking Kafka.
          if (committed > 0) this.options.logger.debug('committed offsets', { topic, partition, offset });
        },
        cancel: () => cancelled.abort(),
      },
      work,
    );
  }
}
