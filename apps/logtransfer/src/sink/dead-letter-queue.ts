import { ensureTopics, toKafkaAdapterError, type Kafka, type Producer } from '@logpipe/kafka';
import { onceStop, type Service } from '@logpipe/runtime';
import type { DeadLetter } from './bulk-sink.js';
import type { TransferMetrics } from '../transfer-metrics.js';

/**
 * Documents Elasticsearch will never accept go to `<topic><suffix>` with the original key and
 * value, and headers saying where they came from and why they were rejected, so nothing is
 * dropped silently and an operator can replay them after fixing the mapping.
 */
export class DeadLetterQueue implements Service {
  readonly name = 'dead-letter-queue';
  private readonly producer: Producer;
  private readonly knownTopics = new Set<string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly suffix: string,
    private readonly metrics: TransferMetrics,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async start(): Promise<void> {
    await this.producer.connect();
  }

  readonly stop = onceStop(() => this.producer.disconnect());

  /** Resolves once Kafka acknowledged every dead letter; the batch may be committed after. */
  async send(deadLetters: DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) return;
    const topic = deadLetters[0]!.document.source.topic + this.suffix;
    try {
      if (!this.knownTopics.has(topic)) {
        const admin = this.kafka.admin();
        try {
          await ensureTopics(admin, [topic], { create: true, partitions: 1, replicationFactor: 1 });
        } finally {
          await admin.disconnect();
        }
        this.knownTopics.add(topic);
      }
      await this.producer.send({
        topic,
        acks: -1,
        messages: deadLetters.map(({ document, status, reason }) => ({
          key: document.source.key,
          value: document.line ?? document.source.value,
          headers: {
            'dlq.topic': document.source.topic,
            'dlq.partition': String(document.source.partition),
            'dlq.offset': document.source.offset,
            'dlq.status': String(status),
            'dlq.reason': reason,
          },
        })),
      });
    } catch (err) {
      throw toKafkaAdapterError(err, `sending ${deadLetters.length} dead letters to ${topic}`);
    }
    this.metrics.documentsDeadLettered.inc({ topic: deadLetters[0]!.document.source.topic }, deadLetters.length);
  }
}
