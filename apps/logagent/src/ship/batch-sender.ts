import type { OutgoingRecord } from '@logpipe/kafka';

/** What sends the shipper's batches: a `ProducerSession`, or a fake in unit tests. */
export interface BatchSender {
  /** Resolves once a broker answered. */
  connect(): Promise<void>;
  /** Resolves once Kafka acknowledged every record; rejects with a `KafkaAdapterError`. */
  send(records: OutgoingRecord[], topics: Iterable<string>): Promise<void>;
  close(): Promise<void>;
}
