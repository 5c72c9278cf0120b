/**
 * kafkajs errors, translated at the adapter boundary so that callers decide what to do next
 * without importing the driver's error classes.
 */
export class KafkaAdapterError extends Error {
  override readonly name = 'KafkaAdapterError';
  /**
   * The producer that failed cannot send again: the broker no longer accepts its idempotence
   * state (producer id, epoch, sequence numbers), or it was disconnected. Only a new producer
   * helps; it may write again what the old one already wrote, with the same event ids.
   */
  readonly recreateProducer: boolean;

  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown; recreateProducer?: boolean },
  ) {
    super(message, options);
    this.recreateProducer = options?.recreateProducer ?? false;
  }
}

/**
 * Broker answers after which an idempotent producer stays stuck: they are known to follow a lost
 * connection (kafkajs issue #598, librdkafka #3584) and kafkajs does not reset itself.
 */
const PRODUCER_STATE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
  'UNKNOWN_PRODUCER_ID',
]);

/** kafkajs refuses to send once `disconnect()` began, or before `connect()` succeeded. */
const DISCONNECTED_PRODUCER = /producer is disconnect(ed|ing)/i;

/**
 * Walks the kafkajs error and its causes: any retriable link makes the whole error retriable, and
 * any link that says the producer is unusable asks for a new one.
 */
export function toKafkaAdapterError(err: unknown, what: string): KafkaAdapterError {
  if (err instanceof KafkaAdapterError) return err;
  let retriable = false;
  let recreateProducer = false;
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { retriable?: boolean; type?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
    if (candidate.retriable) retriable = true;
    if (typeof candidate.type === 'string' && PRODUCER_STATE_ERRORS.has(candidate.type)) recreateProducer = true;
    if (typeof candidate.message === 'string' && DISCONNECTED_PRODUCER.test(candidate.message)) recreateProducer = true;
    const next = candidate.cause ?? candidate.originalError;
    if (next === current) break;
    current = next;
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new KafkaAdapterError(`${what}: ${detail}`, retriable, { cause: err, recreateProducer });
}
