import { ProduceAcks, Producer, type MessageToProduce } from '@platformatic/kafka';
import { clientOptions, type KafkaConnection, type KafkaRetry } from './client.js';
import { KafkaAdapterError } from './errors.js';
import { explainKafkaError } from './explain-error.js';
import { useGzipLevel } from './gzip-level.js';

/** The compression codecs the client ships (gzip and zstd from node:zlib, snappy and lz4 in WASM). */
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** One record to produce. Keys, values and headers are bytes: the client takes nothing else. */
export interface OutgoingRecord {
  topic: string;
  key?: Buffer | undefined;
  value: Buffer;
  headers?: Map<Buffer, Buffer> | undefined;
  partition?: number | undefined;
  /** Milliseconds since the epoch; the time of the send when undefined. */
  timestamp?: bigint | undefined;
}

export interface ProducerSettings {
  /**
   * Broker-side deduplication of retries (one request in flight per broker, acks from all
   * in-sync replicas), so a retried batch is written once and in order.
   */
  idempotent: boolean;
  compression: Compression;
  /** zlib level of gzip (1 fastest, 9 smallest); zlib's default (6) when undefined. */
  gzipLevel?: number | undefined;
}

/**
 * A producer that writes a whole batch, every topic in it, with one `send`, and resolves only
 * once Kafka acknowledged all of it with acks from all in-sync replicas. The client connects on
 * first use and reconnects by itself; every error leaves here as a `KafkaAdapterError`.
 */
export class KafkaProducer {
  private readonly producer: Producer;
  private closed = false;

  constructor(
    private readonly connection: KafkaConnection,
    retry: KafkaRetry,
    settings: ProducerSettings,
  ) {
    if (settings.compression === 'gzip' && settings.gzipLevel !== undefined) useGzipLevel(settings.gzipLevel);
    this.producer = new Producer({
      ...clientOptions(connection, retry, 'producer'),
      idempotent: settings.idempotent,
      acks: ProduceAcks.ALL,
      compression: settings.compression,
    });
  }

  /** Resolves once a broker answered: for a caller that wants to know Kafka is there before it sends. */
  async connect(): Promise<void> {
    try {
      await this.producer.metadata({ topics: [] });
    } catch (err) {
      throw await explainKafkaError(err, 'connecting to Kafka', this.connection);
    }
  }

  /** Produces the records; resolves once every one of them is acknowledged. */
  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (this.closed) throw new KafkaAdapterError('producing to Kafka: the producer is closed', false, { recreateProducer: true });
    // The client accepts anything here and then never settles a send whose bytes are not
    // Buffers: refuse them up front, naming the record.
    for (let i = 0; i < records.length; i++) assertBytes(records[i]!, i);
    try {
      await this.producer.send({ messages: records as MessageToProduce<Buffer, Buffer, Buffer, Buffer>[] });
    } catch (err) {
      // The topics, so that a denied write names what to grant.
      throw await explainKafkaError(err, `producing to Kafka (${[...new Set(records.map((r) => r.topic))].join(', ')})`, this.connection);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.producer.close(true).catch(() => undefined);
  }
}

function assertBytes(record: OutgoingRecord, index: number): void {
  const bad =
    !Buffer.isBuffer(record.value) ? 'value' : record.key !== undefined && !Buffer.isBuffer(record.key) ? 'key' : record.headers !== undefined && !(record.headers instanceof Map) ? 'headers' : undefined;
  if (bad !== undefined) {
    throw new KafkaAdapterError(`producing to Kafka: record ${index} for topic ${record.topic} has a ${bad} that is not a Buffer (a bug in logpipe)`, false);
  }
}
