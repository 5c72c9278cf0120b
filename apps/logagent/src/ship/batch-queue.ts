import type { OutgoingRecord } from '@logpipe/kafka';

/** One Kafka message of a file: a pack of one or more lines (wire format v2), keyed by the file. */
export interface FileMessage {
  key: Buffer;
  value: Buffer;
}

/** Lines of one file read in one go, and what to do once Kafka has them. */
export interface ShipmentChunk {
  topic: string;
  /** Kafka messages, each a pack of one or more lines (wire format v2). */
  messages: FileMessage[];
  /** Lines (events) in `messages`, counted as produced once the chunk is acknowledged. */
  lines: number;
  /** Encoded bytes of `messages` (what counts against `max_in_flight_bytes`). */
  bytes: number;
  /** Called once, in enqueue order per file, after Kafka acknowledged every message. */
  onAcknowledged: () => void;
}

/** What one produce request carries, and which chunks it finishes. */
export interface Batch {
  /** Every topic's records, each topic's in queue order: one produce request. */
  records: OutgoingRecord[];
  /** The topics the records go to. */
  topics: Set<string>;
  messageCount: number;
  bytes: number;
  /** Chunks whose last message is in this batch, in queue order: acknowledge them after it. */
  completed: ShipmentChunk[];
}

export interface BatchLimits {
  maxMessages: number;
  maxBytes: number;
}

interface QueuedChunk {
  chunk: ShipmentChunk;
  /** Index of the first message not yet taken into a batch. */
  next: number;
  takenBytes: number;
  enqueuedAt: number;
}

/**
 * Chunks waiting to be produced, cut into batches by message count and bytes. One read of a
 * file can hold more lines than a batch may, so a chunk can span several batches; it counts as
 * completed only in the batch that takes its last message. Batches are sent one after another,
 * so completing chunks in queue order keeps every file's acknowledgements in order.
 */
export class BatchQueue {
  private readonly chunks: QueuedChunk[] = [];
  private unsentMessages = 0;
  private unsentBytes = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Chunks not yet completed, including empty ones that only move an offset forward. */
  get isEmpty(): boolean {
    return this.chunks.length === 0;
  }

  get messages(): number {
    return this.unsentMessages;
  }

  get bytes(): number {
    return this.unsentBytes;
  }

  /** How long the oldest unsent line has waited (0 when nothing waits). */
  oldestWaitMs(): number {
    const head = this.chunks[0];
    return head ? this.clock() - head.enqueuedAt : 0;
  }

  push(chunk: ShipmentChunk): void {
    this.chunks.push({ chunk, next: 0, takenBytes: 0, enqueuedAt: this.clock() });
    this.unsentMessages += chunk.messages.length;
    this.unsentBytes += chunk.bytes;
  }

  /**
   * Takes messages from the head until the next one would exceed a limit; a single message
   * larger than `maxBytes` still goes, alone, or it could never be sent.
   */
  take(limits: BatchLimits): Batch {
    const records: OutgoingRecord[] = [];
    const topics = new Set<string>();
    const completed: ShipmentChunk[] = [];
    let count = 0;
    let bytes = 0;
    filling: while (this.chunks.length > 0) {
      const head = this.chunks[0]!;
      const { messages, topic } = head.chunk;
      if (head.next < messages.length) topics.add(topic);
      while (head.next < messages.length) {
        const message = messages[head.next]!;
        const size = messageBytes(message);
        if (count >= limits.maxMessages || (count > 0 && bytes + size > limits.maxBytes)) break filling;
        records.push({ topic, key: message.key, value: message.value });
        count++;
        bytes += size;
        head.next++;
        head.takenBytes += size;
        this.unsentBytes -= size;
      }
      this.chunks.shift();
      completed.push(head.chunk);
      // The chunk's declared size and the measured one can differ (non-ASCII text); settle the
      // difference now so the unsent total never drifts.
      this.unsentBytes -= head.chunk.bytes - head.takenBytes;
    }
    this.unsentMessages -= count;
    return { records, topics, messageCount: count, bytes, completed };
  }
}

/** Size of a message as the harvester counts it: its value's bytes. */
function messageBytes(message: FileMessage): number {
  return message.value.length;
}
