import type { PackLimits } from '@logpipe/event';
import { toKafkaAdapterError, type KafkaRetry } from '@logpipe/kafka';
import { Backoff, onceStop, sleep, type BackoffOptions, type Logger, type Service } from '@logpipe/runtime';
import type { AgentMetrics } from '../agent-metrics.js';
import { BatchQueue, type Batch, type ShipmentChunk } from './batch-queue.js';
import { DeliveryProgress, type DeliveryHealth } from './delivery-progress.js';
import type { BatchSender } from './batch-sender.js';

export type { ShipmentChunk } from './batch-queue.js';

export interface KafkaShipperOptions {
  /** Its Kafka client created with `KafkaShipper.kafkaRetry`, so that failures reach the shipper's own retry loop. */
  sender: BatchSender;
  logger: Logger;
  metrics: AgentMetrics;
  /** Lines packed into one Kafka message (wire format v2); 1 sends every line alone. */
  eventsPerMessage: number;
  /** A batch is sent once this many encoded bytes are queued, and holds no more. */
  batchBytes: number;
  /** ... or once this many Kafka messages (packs of lines) are queued, and holds no more. */
  batchMessages: number;
  /** ... or once the oldest queued line has waited this long. */
  lingerMs: number;
  /** Batches handed to the producer before the oldest is acknowledged (1: one at a time). */
  batchesInFlight: number;
  /** Readers pause while unacknowledged bytes exceed this: the file is the buffer. */
  maxInFlightBytes: number;
  /** How long stop() keeps trying to deliver what is queued before leaving it to be re-read. */
  drainTimeoutMs: number;
  /** Lines waiting this long without any batch acknowledged make `health()` fail. */
  stallTimeoutMs: number;
  /** Delay between attempts at a failed batch (tests shorten it). */
  retryBackoff?: BackoffOptions;
  /** A reader waiting for capacity looks again at least this often (tests shorten it). */
  capacityRecheckMs?: number;
}

/** How long stop() waits for the producer to disconnect before giving up on it. */
const CLOSE_TIMEOUT_MS = 500;

/** A batch handed to the producer, and how its send came out. */
interface Sending {
  batch: Batch;
  startedAt: bigint;
  settled: boolean;
  error?: { cause: unknown };
}

/**
 * The agent's only path to Kafka. Harvesters enqueue chunks; one loop cuts them into batches
 * (by lines, bytes and linger) and sends each as a single `send` (every topic in one
 * request), with acks from all replicas and an idempotent producer. Up to `batchesInFlight`
 * batches are handed over at once, so the next one is compressed and encoded while Kafka writes
 * the last; they are acknowledged strictly in order. A failed batch is retried, identical, with
 * backoff until it succeeds or the agent stops: nothing is dropped, and while Kafka is down
 * unacknowledged bytes reach `maxInFlightBytes` and readers pause. Chunks are acknowledged in
 * the order they were enqueued, which keeps every file's offsets in order.
 */
export class KafkaShipper implements Service {
  /**
   * The client retries inside one call for about a second, then the error reaches the shipper,
   * which counts it, logs it, and retries for ever with its own backoff, and can stop meanwhile.
   */
  static readonly kafkaRetry: KafkaRetry = { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 };

  readonly name = 'kafka-shipper';
  /** How harvesters pack lines into the messages they enqueue. */
  readonly packing: PackLimits;
  private readonly queue = new BatchQueue();
  private readonly session: BatchSender;
  private readonly progress: DeliveryProgress;
  private readonly backoff: Backoff;
  private unacknowledgedBytes = 0;
  /** Batches handed to the producer, oldest first; each leaves once acknowledged. */
  private readonly sending: Sending[] = [];
  private readonly capacityWaiters = new Set<() => void>();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: KafkaShipperOptions) {
    this.packing = { maxEvents: options.eventsPerMessage };
    this.session = options.sender;
    this.progress = new DeliveryProgress(options.stallTimeoutMs);
    this.backoff = new Backoff(options.retryBackoff ?? { initialMs: 200, maxMs: 10_000 });
  }

  /**
   * Starts the send loop and returns at once: the agent must come up and keep its place in
   * files even while Kafka is down, so connecting is retried by the loop, not awaited here.
   */
  async start(): Promise<void> {
    this.loop = this.run();
  }

  /**
   * Delivers everything queued, then disconnects. If Kafka cannot take it within the drain
   * timeout, the rest is abandoned, even a request still in flight: its offsets were never
   * acknowledged, so those lines are read again on the next start rather than lost.
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
    await Promise.race([this.session.close(), sleep(CLOSE_TIMEOUT_MS)]);
  });

  /** Encoded bytes enqueued and not yet acknowledged by Kafka. */
  get inFlightBytes(): number {
    return this.unacknowledgedBytes;
  }

  hasCapacity(): boolean {
    return this.unacknowledgedBytes < this.options.maxInFlightBytes;
  }

  /**
   * Resolves when readers may read again, or after `capacityRecheckMs` at the latest: a reader
   * that was stopped while waiting must get the chance to notice, even if Kafka is down.
   */
  waitForCapacity(): Promise<void> {
    if (this.hasCapacity()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.capacityWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.options.capacityRecheckMs ?? 500);
      this.capacityWaiters.add(done);
    });
  }

  /** Whether Kafka is taking lines: see `DeliveryProgress`. */
  health(): DeliveryHealth {
    return this.progress.health(this.unacknowledgedBytes);
  }

  enqueue(chunk: ShipmentChunk): void {
    const wasEmpty = this.queue.isEmpty;
    this.queue.push(chunk);
    this.unacknowledgedBytes += chunk.bytes;
    this.inFlightChanged();
    // The first chunk starts the linger clock; a full batch goes at once.
    if (wasEmpty || this.batchFull()) this.wake?.();
  }

  private async run(): Promise<void> {
    await this.abortable(this.session.connect()).catch((err: unknown) => {
      if (!this.abort.signal.aborted) this.options.logger.warn('kafka unavailable at startup; will keep retrying', { err });
    });
    while (!this.abort.signal.aborted) {
      const oldest = this.sending[0];
      if (oldest?.settled) {
        if (oldest.error === undefined) this.acknowledge(this.sending.shift()!);
        else if (!(await this.resendAfterFailure())) return;
        continue;
      }
      const windowOpen = this.sending.length < this.options.batchesInFlight;
      if (windowOpen && this.batchDue()) {
        this.hand(this.queue.take({ maxMessages: this.options.batchMessages, maxBytes: this.options.batchBytes }));
        continue;
      }
      if (oldest === undefined && this.queue.isEmpty && this.stopping) return;
      // Woken by a send settling, a chunk enqueued, or stop; or once the oldest line's linger is up.
      const lingerLeft = windowOpen && !this.queue.isEmpty ? this.options.lingerMs - this.queue.oldestWaitMs() : undefined;
      await this.idle(lingerLeft);
    }
  }

  /** Whether queued lines should go now: a full batch, a linger passed, or stopping. */
  private batchDue(): boolean {
    if (this.queue.isEmpty) return false;
    return this.stopping || this.batchFull() || this.queue.oldestWaitMs() >= this.options.lingerMs;
  }

  /** Starts sending the batch without waiting; the loop acknowledges it once it settled. */
  private hand(batch: Batch): void {
    const sending: Sending = { batch, startedAt: process.hrtime.bigint(), settled: false };
    this.sending.push(sending);
    // A batch of only empty chunks (all lines filtered out) just moves offsets forward.
    if (batch.messageCount === 0) {
      sending.settled = true;
      return;
    }
    this.abortable(this.session.send(batch.records, batch.topics)).then(
      () => this.settle(sending),
      (err: unknown) => this.settle(sending, { cause: err }),
    );
  }

  private settle(sending: Sending, error?: { cause: unknown }): void {
    sending.settled = true;
    if (error !== undefined) sending.error = error;
    this.wake?.();
  }

  private acknowledge({ batch, startedAt }: Sending): void {
    const { metrics } = this.options;
    if (batch.messageCount > 0) {
      metrics.batchLatency.observe(Number(process.hrtime.bigint() - startedAt) / 1e9);
      metrics.lastProduced.set(Date.now() / 1000);
      this.backoff.reset();
      this.progress.delivered();
    }
    for (const chunk of batch.completed) {
      this.unacknowledgedBytes -= chunk.bytes;
      // Counted per chunk, not per batch: a batch can end inside a chunk, or inside no pack.
      if (chunk.lines > 0) this.options.metrics.linesProduced.inc({ topic: chunk.topic }, chunk.lines);
      chunk.onAcknowledged();
    }
    this.inFlightChanged();
    if (this.hasCapacity()) for (const release of [...this.capacityWaiters]) release();
  }

  /**
   * The oldest batch failed. Batches handed over after it may have landed or not, and a retry
   * of it alone could land behind them: so once every send has settled, all of them are sent
   * again, one at a time and in order, each until Kafka has it. Kafka may then hold a line
   * twice, always with the same event id (one document in the index), and never out of
   * order in its last copy. False if the shipper was aborted first.
   */
  private async resendAfterFailure(): Promise<boolean> {
    while (this.sending.some((sending) => !sending.settled)) {
      await this.idle();
      if (this.abort.signal.aborted) return false;
    }
    const failed = this.sending[0]!;
    if (!(await this.retryLater(failed.batch, failed.error!.cause, 1))) return false;
    for (let attempt = 2; this.sending.length > 0; attempt = 1) {
      if (!(await this.deliver(this.sending[0]!.batch, attempt))) return false;
      this.acknowledge(this.sending.shift()!);
    }
    return true;
  }

  /** Sends the batch alone until Kafka has it; false if the shipper was aborted first. */
  private async deliver(batch: Batch, firstAttempt: number): Promise<boolean> {
    if (batch.messageCount === 0) return true;
    for (let attempt = firstAttempt; ; attempt++) {
      try {
        await this.abortable(this.session.send(batch.records, batch.topics));
      } catch (err) {
        if (!(await this.retryLater(batch, err, attempt))) return false;
        continue;
      }
      if (attempt > 1) this.options.logger.info('kafka took the batch again', { attempts: attempt, messages: batch.messageCount });
      return true;
    }
  }

  /** Counts and logs a failed attempt, then waits out the backoff; false if aborted meanwhile. */
  private async retryLater(batch: Batch, err: unknown, attempt: number): Promise<boolean> {
    const { metrics, logger } = this.options;
    if (this.abort.signal.aborted) return false;
    const error = toKafkaAdapterError(err, 'producing to Kafka');
    const delay = this.backoff.next();
    metrics.produceErrors.inc();
    if (error.recreateProducer) metrics.producerResets.inc();
    if (error.denied) this.progress.refused(error.message);
    // Not retriable means it will likely fail again (a batch too large, no permission), but
    // dropping lines is worse: keep trying, loudly, and let /healthz report the stall.
    logger[error.retriable ? 'warn' : 'error']('produce failed; retrying the batch', {
      err: error,
      attempt,
      retryInMs: delay,
      messages: batch.messageCount,
      producerRecreated: error.recreateProducer,
    });
    await sleep(delay, this.abort.signal);
    return !this.abort.signal.aborted;
  }

  private batchFull(): boolean {
    return this.queue.messages >= this.options.batchMessages || this.queue.bytes >= this.options.batchBytes;
  }

  private inFlightChanged(): void {
    this.options.metrics.bytesInFlight.set(this.unacknowledgedBytes);
    this.progress.inFlightChanged(this.unacknowledgedBytes);
  }

  /** The work's outcome, or a rejection as soon as the shipper is aborted (the work runs on). */
  private abortable<T>(work: Promise<T>): Promise<T> {
    const { signal } = this.abort;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new Error('kafka shipper aborted'));
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Sleeps until woken (enqueue, stop) or, given a time, until it has passed. */
  private idle(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, Math.max(1, ms));
      this.wake = done;
    });
  }
}
