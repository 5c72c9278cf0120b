import { setTimeout as delay } from 'node:timers/promises';
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, type Message, type MessagesStream } from '@platformatic/kafka';
import { clientOptions, type KafkaConnection, type KafkaRetry } from './client.js';
import { KafkaAdapterError } from './errors.js';
import { explainKafkaError } from './explain-error.js';
import { sizeDecompressionBuffers } from './sized-decompression.js';

/** One consumed Kafka record, as the transfer reads it. */
export interface ConsumedRecord {
  offset: string;
  /** Milliseconds since the epoch, as a string (the broker's or the producer's time). */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Map<Buffer, Buffer>;
}

/** Consecutive records of one partition, from one fetch. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
  /** The offset to commit once the batch, and every earlier one of its partition, is handled. */
  nextOffset: bigint;
  leaderEpoch: number;
  /** Aborted when the partition may no longer be this member's: the batch must not be committed. */
  claim: AbortSignal;
}

export interface GroupAssignment {
  topic: string;
  partitions: number[];
}

export interface GroupConsumerSettings {
  groupId: string;
  topics: string[];
  /** `classic` (JoinGroup/SyncGroup, assigned by the group's leader) or `consumer` (KIP-848, assigned by the broker; Kafka 4). */
  groupProtocol: 'classic' | 'consumer';
  /** Classic protocol only: how long a silent member keeps its partitions. */
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxBytesPerPartition: number;
  /** Kafka holds a fetch until this many bytes are there, or `maxWaitMs` passed. */
  minBytes: number;
  maxWaitMs: number;
  /** A batch of one partition, handed off synchronously; it is the handler's to commit. */
  onBatch: (batch: PartitionBatch) => void;
  /** Every claim ended: a rebalance began, or the fetch stream failed. */
  onRevoked: (reason: string) => void;
  /** This member's partitions, after it joined or the group changed. */
  onAssigned: (assignment: GroupAssignment[]) => void;
  /** Fetching failed; the consumer opens a new fetch stream from the committed offsets by itself. */
  onError: (err: KafkaAdapterError) => void;
}

/** A failed fetch stream is opened again after this long, so a broker that is down is not hammered. */
const REOPEN_DELAY_MS = 1_000;

/**
 * Errors a group gets while its coordinator is still being chosen or loaded: the first group on
 * a new cluster creates `__consumer_offsets`, and a moved coordinator loads its partition first.
 * They end by themselves within seconds, whatever retry policy the caller chose for outages.
 */
const COORDINATOR_SETTLING = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);
/** How long `start()` waits out a settling coordinator before it reports the error. */
const COORDINATOR_SETTLE_MS = 30_000;

/**
 * A member of a consumer group that hands over fetched records as per-partition batches and
 * commits only what its caller says is done. It is built on @platformatic/kafka's
 * `MessagesStream`, with these guarantees added:
 *
 * - **A claim per assignment.** Every batch carries `claim`, aborted the moment a rebalance
 *   begins (or the stream fails). `commit()` drops offsets whose claim ended, so a partition
 *   revoked in a rebalance is never committed by this member.
 * - **A fresh stream per assignment.** After every join, fetching restarts with a new stream
 *   that reads the group's committed offsets: the old stream's positions already ran past
 *   batches whose claims ended, and reading on from there would skip them.
 * - **Pause and resume** stop and restart fetching for the whole member (the client has no
 *   per-partition pause): records already fetched stay buffered, in order, until resumed.
 */
export class GroupConsumer {
  private readonly consumer: Consumer;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  private claim = new AbortController();
  private paused = false;
  private closing = false;
  private opening: Promise<void> | undefined;
  private lastAssignment = '';
  private reopenTimer: NodeJS.Timeout | undefined;
  /** Records of the current stream gathered from one fetch response, per partition. */
  private pending = new Map<string, { topic: string; partition: number; leaderEpoch: number; records: ConsumedRecord[]; last: bigint }>();
  private flushScheduled = false;
  /** Rebalances and joins seen, to notice one that happened while a stream was being opened. */
  private revokes = 0;
  private joins = 0;
  /** Per partition, the last offset handed over by the current stream: a re-delivery is dropped. */
  private delivered = new Map<string, bigint>();

  constructor(
    private readonly connection: KafkaConnection,
    retry: KafkaRetry,
    private readonly settings: GroupConsumerSettings,
  ) {
    sizeDecompressionBuffers();
    const group =
      settings.groupProtocol === 'consumer'
        ? { groupProtocol: 'consumer' as const }
        : { groupProtocol: 'classic' as const, sessionTimeout: settings.sessionTimeoutMs, heartbeatInterval: settings.heartbeatIntervalMs, rebalanceTimeout: Math.max(60_000, settings.sessionTimeoutMs) };
    this.consumer = new Consumer({
      ...clientOptions(connection, retry, 'consumer'),
      groupId: settings.groupId,
      autocommit: false,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      minBytes: settings.minBytes,
      maxWaitTime: settings.maxWaitMs,
      ...group,
    });
    this.consumer.on('consumer:group:rebalance', () => this.revoke('the group is rebalancing'));
    this.consumer.on('consumer:group:leave', () => this.revoke('left the group'));
    // Classic protocol: a join ends every rebalance. KIP-848: the assignment changes after a heartbeat.
    this.consumer.on('consumer:group:join', () => this.assignmentMayHaveChanged(true));
    this.consumer.on('consumer:heartbeat:end', () => this.assignmentMayHaveChanged(false));
    // A rejoin that fails after a heartbeat is reported only as an 'error' event, which would end
    // the process if nobody listened. While closing it is the expected end of the connection.
    this.consumer.on('error', (err: unknown) => {
      if (!this.closing) this.failed(err);
    });
  }

  /** The partitions this member holds now. */
  get assignment(): GroupAssignment[] {
    return (this.consumer.assignments ?? []).map(({ topic, partitions }) => ({ topic, partitions: [...partitions] }));
  }

  /** Joins the group and starts fetching; rejects (with a `KafkaAdapterError`) if it cannot join. */
  async start(): Promise<void> {
    const deadline = Date.now() + COORDINATOR_SETTLE_MS;
    for (;;) {
      try {
        await this.openStream();
        return;
      } catch (err) {
        const settling = err instanceof KafkaAdapterError && err.brokerErrors.length > 0 && err.brokerErrors.every((id) => COORDINATOR_SETTLING.has(id));
        if (!settling || this.closing || Date.now() >= deadline) throw err;
        await delay(REOPEN_DELAY_MS);
      }
    }
  }

  /** Stops fetching; what was fetched already is still handed over, then nothing until `resume()`. */
  pause(): void {
    this.paused = true;
    this.stream?.pause();
  }

  resume(): void {
    this.paused = false;
    this.stream?.resume();
  }

  /**
   * Commits the next offsets of handled batches, leaving out every batch whose claim ended.
   * Resolves with how many partitions were committed.
   */
  async commit(batches: readonly Pick<PartitionBatch, 'topic' | 'partition' | 'nextOffset' | 'leaderEpoch' | 'claim'>[]): Promise<number> {
    const offsets = batches.filter((b) => !b.claim.aborted).map(({ topic, partition, nextOffset, leaderEpoch }) => ({ topic, partition, offset: nextOffset, leaderEpoch }));
    if (offsets.length === 0) return 0;
    try {
      await this.consumer.commit({ offsets });
    } catch (err) {
      throw await explainKafkaError(err, `committing offsets of group ${this.settings.groupId}`, this.connection);
    }
    return offsets.length;
  }

  /** Stops fetching and leaves the group; batches still held lose their claim. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reopenTimer);
    this.revoke('the consumer is closing');
    await this.opening?.catch(() => undefined);
    await this.consumer.close(true).catch(() => undefined);
  }

  private revoke(reason: string): void {
    this.revokes++;
    if (this.claim.signal.aborted) return;
    this.claim.abort(new Error(reason));
    this.pending.clear();
    this.settings.onRevoked(reason);
  }

  private assignmentMayHaveChanged(joined: boolean): void {
    if (joined) this.joins++;
    // Classic members learn their assignment only from a join; a heartbeat says nothing of it.
    if (!joined && this.settings.groupProtocol === 'classic') return;
    if (this.closing || this.opening) return;
    const now = JSON.stringify(this.assignment);
    if (!joined && now === this.lastAssignment && !this.claim.signal.aborted) return;
    // A new generation: every old claim ends, and fetching restarts at the committed offsets.
    this.revoke('the assignment changed');
    void this.openStream().catch((err: unknown) => this.failed(err));
  }

  private openStream(): Promise<void> {
    this.opening ??= (async () => {
      try {
        const initial = this.stream === undefined && this.lastAssignment === '';
        for (;;) {
          const old = this.stream;
          this.stream = undefined;
          this.detach(old);
          const seen = { revokes: this.revokes, joins: this.joins };
          const stream = await this.consumer.consume({
            topics: this.settings.topics,
            mode: MessagesStreamModes.COMMITTED,
            fallbackMode: MessagesStreamFallbackModes.EARLIEST,
            autocommit: false,
          });
          // The new stream holds the topics, so closing the old one does not make the member rejoin.
          await old?.close().catch(() => undefined);
          if (this.closing) {
            await stream.close().catch(() => undefined);
            return;
          }
          // The group changed while the stream was being opened: its offsets may be from before.
          // (The first join happens inside the first consume(), before its stream reads offsets.)
          const changed = this.revokes !== seen.revokes || (!initial && this.joins !== seen.joins);
          this.stream = stream;
          this.detach(stream);
          if (changed) continue;
          this.claim = new AbortController();
          this.delivered = new Map();
          this.pending = new Map();
          this.lastAssignment = JSON.stringify(this.assignment);
          stream.on('data', (message: Message<Buffer, Buffer, Buffer, Buffer>) => this.receive(stream, message));
          stream.on('error', (err: Error) => {
            if (this.stream === stream) this.failed(err);
          });
          if (this.paused) stream.pause();
          this.settings.onAssigned(this.assignment);
          return;
        }
      } catch (err) {
        throw await explainKafkaError(err, `joining group ${this.settings.groupId} for ${this.settings.topics.join(', ')}`, this.connection);
      } finally {
        this.opening = undefined;
      }
    })();
    return this.opening;
  }

  private detach(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined): void {
    stream?.removeAllListeners('data');
    // A late error of a stream being replaced concerns nobody.
    stream?.removeAllListeners('error');
    stream?.on('error', () => undefined);
  }

  private failed(err: unknown): void {
    if (this.closing) return;
    this.revoke('fetching failed');
    const old = this.stream;
    this.stream = undefined;
    this.detach(old);
    void old?.close().catch(() => undefined);
    void explainKafkaError(err, `consuming ${this.settings.topics.join(', ')} in group ${this.settings.groupId}`, this.connection).then((error) => {
      if (!this.closing) this.settings.onError(error);
    });
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => {
      if (!this.closing && !this.stream) void this.openStream().catch((e: unknown) => this.failed(e));
    }, REOPEN_DELAY_MS);
  }

  /** Gathers a fetch response's records per partition; the batches go out once the response is pushed. */
  private receive(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>, message: Message<Buffer, Buffer, Buffer, Buffer>): void {
    if (stream !== this.stream || this.claim.signal.aborted) return;
    const key = `${message.topic}\u0000${message.partition}`;
    const last = this.delivered.get(key);
    if (last !== undefined && message.offset <= last) return;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { topic: message.topic, partition: message.partition, leaderEpoch: message.leaderEpoch, records: [], last: message.offset };
      this.pending.set(key, batch);
    }
    batch.records.push({
      offset: message.offset.toString(),
      timestamp: message.timestamp.toString(),
      key: message.key ?? null,
      value: message.value ?? null,
      headers: message.headers,
    });
    batch.last = message.offset;
    batch.leaderEpoch = message.leaderEpoch;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // The stream pushes a whole fetch response synchronously: hand it over after the last record.
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batches = this.pending;
    this.pending = new Map();
    const claim = this.claim.signal;
    for (const [key, { topic, partition, leaderEpoch, records, last }] of batches) {
      if (claim.aborted) return;
      this.delivered.set(key, last);
      this.settings.onBatch({ topic, partition, records, nextOffset: last + 1n, leaderEpoch, claim });
    }
  }
}
