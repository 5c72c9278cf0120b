import type { Logger } from '@logpipe/runtime';
import { endsMembership } from '@logpipe/kafka';

/** One fetched batch being indexed. */
export interface BatchJob {
  topic: string;
  partition: number;
  /** The offset to commit once this batch, and every earlier one of its partition, is done. */
  nextOffset: string;
  /** Commits an offset of the job's partition; the consumer drops it if the partition's claim ended. */
  commit: (offset: string) => Promise<void>;
  /** Aborts the job's indexing: its batch will not be committed anyway. */
  cancel: () => void;
}

interface Entry {
  job: BatchJob;
  state: 'running' | 'done' | 'failed';
}

interface PartitionQueue {
  entries: Entry[];
  /** Commits of this partition, one after the other, so offsets never go backwards. */
  commits: Promise<void>;
}

export interface InFlightBatchesOptions {
  /** Most batches indexed at once; `admit()` waits while this many are in flight. */
  limit: number;
  logger: Logger;
  /**
   * A batch failed (not cancelled): its partition must be consumed again from its committed
   * offset. Later batches of the partition are not committed either.
   */
  onFailure: (topic: string, partition: number, err: unknown) => void;
  /** Called when a batch settles and fewer than `limit` are in flight: fetching may go on. */
  onRoom?: () => void;
}

/**
 * The batches a consumer has fetched and handed off for indexing, so that the consumer fetches
 * the next ones meanwhile: fetching, decompressing and decoding overlap with indexing, and
 * Elasticsearch does not sit idle in between.
 *
 * What stays true:
 * - **Commits follow the partition's order.** A batch's offset is committed only when it and
 *   every earlier batch of its partition are done, so a committed offset never covers a
 *   message that is not in Elasticsearch (or the dead-letter topic). Several finished batches
 *   are committed with one request.
 * - **Bounded.** While `limit` batches are in flight, `admit()` waits and `full` tells the
 *   source to pause fetching, so an Elasticsearch outage stops consumption.
 * - **A lost partition commits nothing.** `invalidate()` (on a rebalance) cancels every batch
 *   and forgets them: their messages are consumed again by whoever owns the partition next, and
 *   idempotent ids make the second indexing harmless.
 */
export class InFlightBatches {
  private readonly queues = new Map<string, PartitionQueue>();
  private running = 0;
  private generation = 0;
  private closed = false;
  private waiters: (() => void)[] = [];
  private idle: (() => void)[] = [];
  private readonly settled = new Set<Promise<void>>();

  constructor(private readonly options: InFlightBatchesOptions) {}

  get size(): number {
    return this.running;
  }

  /**
   * Waits until there is room for one more batch. Resolves with a ticket for `track()`, or
   * undefined when the batch must not be handled: the set was closed (stopping) or invalidated
   * (rebalanced) while waiting. The batch is then left unresolved, and fetched again.
   */
  async admit(): Promise<number | undefined> {
    const generation = this.generation;
    while (!this.closed && this.generation === generation && this.running >= this.options.limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.closed || this.generation !== generation) return undefined;
    this.running++;
    return generation;
  }

  /**
   * Admits a batch that is already here: the consumer hands batches over as they arrive, so
   * this never waits (see `full`). A ticket for `track()`, or undefined once closed.
   */
  admitNow(): number | undefined {
    if (this.closed) return undefined;
    this.running++;
    return this.generation;
  }

  /** As many batches as the limit are in flight: fetching should pause. */
  get full(): boolean {
    return this.running >= this.options.limit;
  }

  /** Follows an admitted batch's indexing (`work`) to its commit. */
  track(ticket: number, job: BatchJob, work: Promise<void>): void {
    const key = `${job.topic}\u0000${job.partition}`;
    let queue = this.queues.get(key);
    const entry: Entry = { job, state: 'running' };
    if (ticket === this.generation) {
      if (!queue) {
        queue = { entries: [], commits: Promise.resolve() };
        this.queues.set(key, queue);
      }
      queue.entries.push(entry);
    } else {
      job.cancel();
    }
    const settled = work.then(
      () => {
        entry.state = 'done';
      },
      (err: unknown) => {
        entry.state = 'failed';
        // A cancelled batch (rebalance, stop) is not a failure: it was meant to stay uncommitted.
        if (this.queues.get(key) === queue && queue?.entries.includes(entry)) this.options.onFailure(job.topic, job.partition, err);
      },
    ).then(() => {
      this.running--;
      if (this.queues.get(key) === queue && queue) this.advance(key, queue);
      this.settled.delete(settled);
      this.wakeAdmissions();
      if (this.running < this.options.limit) this.options.onRoom?.();
      if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
    });
    this.settled.add(settled);
  }

  /** Cancels and forgets every batch (the partitions may be someone else's now); waiting admissions give up. */
  invalidate(): void {
    this.generation++;
    for (const queue of this.queues.values()) for (const { job, state } of queue.entries) if (state === 'running') job.cancel();
    this.queues.clear();
    this.wakeAdmissions();
  }

  /** No more batches are admitted; the ones in flight go on to their commits. */
  close(): void {
    this.closed = true;
    this.wakeAdmissions();
  }

  /** Cancels the batches in flight (the drain took too long): they stay uncommitted. */
  cancelAll(): void {
    for (const queue of this.queues.values()) for (const { job, state } of queue.entries) if (state === 'running') job.cancel();
  }

  /** Resolves once every batch in flight has finished and its commit was sent. */
  async drain(): Promise<void> {
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await Promise.all([...this.settled]);
    await Promise.all([...this.queues.values()].map((q) => q.commits));
  }

  /** Commits past the finished batches at the head of the partition's queue. */
  private advance(key: string, queue: PartitionQueue): void {
    let last: BatchJob | undefined;
    while (queue.entries.length > 0 && queue.entries[0]!.state !== 'running') {
      const head = queue.entries[0]!;
      if (head.state === 'failed') {
        // Nothing at or after the failed batch may be committed: the partition is read again.
        for (const { job, state } of queue.entries) if (state === 'running') job.cancel();
        this.queues.delete(key);
        break;
      }
      queue.entries.shift();
      last = head.job;
    }
    if (!last) return;
    const job = last;
    queue.commits = queue.commits.then(() =>
      job.commit(job.nextOffset).catch((err: unknown) => {
        // Refused because the group moved on: the next owner consumes the batches again. Any
        // other failure leaves them for the next commit of this partition, or a replay.
        const level = endsMembership(err) ? 'info' : 'warn';
        this.options.logger[level]('could not commit offsets; the messages will be consumed again', { topic: job.topic, partition: job.partition, offset: job.nextOffset, err });
      }),
    );
  }

  private wakeAdmissions(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
