import { CompressionTypes, ensureTopics, toKafkaAdapterError, type Admin, type Kafka, type Message, type Producer, type TopicPolicy } from '@logpipe/kafka';
import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import type { AgentMetrics } from '../agent-metrics.js';

/** Lines of one file read in one go, and what to do once Kafka has them. */
export interface ShipmentChunk {
  topic: string;
  messages: Message[];
  bytes: number;
  /** Called once, in enqueue order per file, after Kafka acknowledged every message. */
  onAcknowledged: () => void;
}

export interface KafkaShipperOptions {
  kafka: Kafka;
  logger: Logger;
  metrics: AgentMetrics;
  compression: 'gzip' | 'none';
  /** Flush when this many bytes are queued. */
  batchBytes: number;
  /** ... or when the oldest queued chunk has waited this long. */
  lingerMs: number;
  /** Readers pause while queued + in-flight bytes exceed this: the file is the buffer. */
  maxInFlightBytes: number;
  topicPolicy: TopicPolicy;
  /** How long stop() keeps trying to deliver what is queued before leaving it to be re-read. */
  drainTimeoutMs: number;
}

/**
 * The agent's only path to Kafka. Harvesters enqueue chunks; one loop sends them as a single
 * `sendBatch` per batch (every topic in one request), with acks from all replicas and an
 * idempotent producer. A failed batch is retried with backoff until it succeeds or the agent
 * stops: nothing is dropped, and while Kafka is down the queue fills and readers pause.
 */
export class KafkaShipper implements Service {
  readonly name = 'kafka-shipper';
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly knownTopics = new Set<string>();
  private queue: ShipmentChunk[] = [];
  private queuedBytes = 0;
  private sendingBytes = 0;
  private oldestQueuedAt = 0;
  private capacityWaiters: (() => void)[] = [];
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: KafkaShipperOptions) {
    this.producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.admin = options.kafka.admin();
  }

  async start(): Promise<void> {
    const backoff = new Backoff({ initialMs: 500, maxMs: 10_000 });
    // The agent must come up and keep its place in files even while Kafka is down, so a failed
    // connect is retried in the background by the send loop rather than failing start().
    try {
      await this.producer.connect();
    } catch (err) {
      this.options.logger.warn('kafka unavailable at startup; will keep retrying', { err: toKafkaAdapterError(err, 'connect') });
      await sleep(backoff.next(), this.abort.signal);
    }
    this.loop = this.run();
  }

  /**
   * Delivers everything queued, then disconnects. If Kafka cannot take it within the drain
   * timeout, the rest is abandoned: its offsets were never acknowledged, so those lines are
   * read again on the next start rather than lost.
   */
  readonly stop = onceStop(async () => {
    this.stopping = true;
    this.wake?.();
    const timer = setTimeout(() => {
      this.options.logger.warn('kafka did not take the remaining lines in time; they will be re-read on the next start', {
        bytes: this.inFlightBytes,
      });
      this.abort.abort();
      this.wake?.();
    }, this.options.drainTimeoutMs);
    await this.loop;
    clearTimeout(timer);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  });

  get inFlightBytes(): number {
    return this.queuedBytes + this.sendingBytes;
  }

  hasCapacity(): boolean {
    return this.inFlightBytes < this.options.maxInFlightBytes;
  }

  /** Resolves when readers may read again. */
  waitForCapacity(): Promise<void> {
    if (this.hasCapacity()) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  enqueue(chunk: ShipmentChunk): void {
    if (this.queue.length === 0) this.oldestQueuedAt = Date.now();
    this.queue.push(chunk);
    this.queuedBytes += chunk.bytes;
    this.options.metrics.bytesInFlight.set(this.inFlightBytes);
    if (this.queuedBytes >= this.options.batchBytes) this.wake?.();
  }

  private async run(): Promise<void> {
    const backoff = new Backoff({ initialMs: 200, maxMs: 10_000 });
    while (!this.abort.signal.aborted) {
      if (this.queue.length === 0) {
        if (this.stopping) return;
        await this.idle(this.options.lingerMs);
        continue;
      }
      const waited = Date.now() - this.oldestQueuedAt;
      if (!this.stopping && this.queuedBytes < this.options.batchBytes && waited < this.options.lingerMs) {
        await this.idle(this.options.lingerMs - waited);
        continue;
      }
      const batch = this.takeBatch();
      // A batch of only empty chunks (all lines filtered out) just moves offsets forward.
      for (;countMessages(batch) > 0;) {
        try {
          await this.send(batch);
          backoff.reset();
          break;
        } catch (err) {
          const error = toKafkaAdapterError(err, 'producing to Kafka');
          const delay = backoff.next();
          this.options.metrics.produceErrors.inc();
          this.options.logger.warn('produce failed; retrying the batch', { err: error, retryInMs: delay, messages: countMessages(batch) });
          await sleep(delay, this.abort.signal);
          if (this.abort.signal.aborted) return;
        }
      }
      this.sendingBytes = 0;
      for (const chunk of batch) chunk.onAcknowledged();
      this.options.metrics.bytesInFlight.set(this.inFlightBytes);
      this.releaseWaiters();
    }
  }

  private takeBatch(): ShipmentChunk[] {
    const batch: ShipmentChunk[] = [];
    let bytes = 0;
    while (this.queue.length > 0 && (batch.length === 0 || bytes + this.queue[0]!.bytes <= this.options.batchBytes)) {
      const chunk = this.queue.shift()!;
      batch.push(chunk);
      bytes += chunk.bytes;
    }
    this.queuedBytes -= bytes;
    this.sendingBytes = bytes;
    this.oldestQueuedAt = Date.now();
    return batch;
  }

  private async send(batch: ShipmentChunk[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const chunk of batch) {
      const messages = byTopic.get(chunk.topic);
      if (messages) for (const m of chunk.messages) messages.push(m);
      else byTopic.set(chunk.topic, chunk.messages.slice());
    }
    const missing = [...byTopic.keys()].filter((topic) => !this.knownTopics.has(topic));
    if (missing.length > 0) {
      await ensureTopics(this.admin, missing, this.options.topicPolicy);
      for (const topic of missing) this.knownTopics.add(topic);
    }
    const started = process.hrtime.bigint();
    await this.producer.sendBatch({
      acks: -1,
      compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    this.options.metrics.batchLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    for (const [topic, messages] of byTopic) this.options.metrics.linesProduced.inc({ topic }, messages.length);
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      this.wake = done;
    });
  }

  private releaseWaiters(): void {
    if (!this.hasCapacity()) return;
    const waiters = this.capacityWaiters;
    this.capacityWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function countMessages(batch: ShipmentChunk[]): number {
  return batch.reduce((sum, chunk) => sum + chunk.messages.length, 0);
}
