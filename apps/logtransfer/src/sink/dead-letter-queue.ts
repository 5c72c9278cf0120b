import { ensureTopics, toKafkaAdapterError, type Kafka, type KafkaProducer } from '@logpipe/kafka';
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
  private readonly producer: KafkaProducer;
  private readonly knownTopics = new Set<string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly suffix: string,
    private readonly metrics: TransferMetrics,
  ) {
    this.producer = kafka.producer({ idempotent: true, compression: 'none' });
  }

  /** Connects when the first dead letter comes: a transfer whose documents all index never needs it. */
  async start(): Promise<void> {}

  readonly stop = onceStop(() => this.producer.close());

  /** Resolves once Kafka acknowledged every dead letter; the batch may be committed after. */
  async send(deadLetters: DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) return;
    const topic = deadLetters[0]!.document.source.topic + this.suffix;
    try {
      if (!this.knownTopics.has(topic)) {
        const admin = this.kafka.admin();
        try {
          // Replicated as the cluster allows: a dead letter is a line that exists nowhere else.
          await ensureTopics(admin, [topic], { create: true, partitions: 1, replicationFactor: 0 });
        } finally {
          await admin.close();
        }
        this.knownTopics.add(topic);
      }
      await this.producer.send(
        deadLetters.map(({ document, status, reason }) => ({
          topic,
          key: document.source.key ?? undefined,
          value: document.line !== undefined ? Buffer.from(document.line) : (document.source.value ?? Buffer.alloc(0)),
          headers: new Map([
            [Buffer.from('dlq.topic'), Buffer.from(document.source.topic)],
            [Buffer.from('dlq.partition'), Buffer.from(String(document.source.partition))],
            [Buffer.from('dlq.offset'), Buffer.from(document.source.offset)],
            [Buffer.from('dlq.status'), Buffer.from(String(status))],
            [Buffer.from('dlq.reason'), Buffer.from(reason)],
          ]),
        })),
      );
    } catch (err) {
      throw toKafkaAdapterError(err, `sending ${deadLetters.length} dead letters to ${topic}`);
    }
    this.metrics.documentsDeadLettered.inc({ topic: deadLetters[0]!.document.source.topic }, deadLetters.length);
  }
}
