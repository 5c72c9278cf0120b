/**
 * kafkajs errors, translated at the adapter boundary so that callers decide on `retriable`
 * without importing the driver's error classes.
 */
export class KafkaAdapterError extends Error {
  override readonly name = 'KafkaAdapterError';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Walks the kafkajs error and its causes: any retriable link makes the whole error retriable. */
export function toKafkaAdapterError(err: unknown, what: string): KafkaAdapterError {
  if (err instanceof KafkaAdapterError) return err;
  let retriable = false;
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { retriable?: boolean; cause?: unknown; originalError?: unknown };
    if (candidate.retriable) retriable = true;
    current = candidate.cause ?? candidate.originalError;
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new KafkaAdapterError(`${what}: ${detail}`, retriable, { cause: err });
}
