/** How long, and for how much, Kafka holds a fetch before answering it. */
export interface FetchWait {
  minBytes: number;
  maxWaitMs: number;
}

/**
 * Without `flush_interval`, a fetch answers as soon as any message is there. The wait is how
 * long an idle fetch blocks: short, so a rebalance or a stop never waits long for it.
 */
const IDLE_FETCH_WAIT_MS = 250;

/**
 * `[bulk] flush_bytes` and `flush_interval` as the consumer's fetch settings. A bulk request is
 * filled from the fetched batches, so "send at `flush_bytes` or after `flush_interval`" means
 * asking Kafka to hold each fetch until that many bytes are there or that long has passed.
 * Kafka counts the bytes as stored (compressed), so at moderate traffic a request still goes
 * out at the interval rather than at exactly `flush_bytes`; the interval is the bound users set.
 */
export function fetchWait(flushBytes: number, flushIntervalMs: number): FetchWait {
  if (flushIntervalMs <= 0) return { minBytes: 1, maxWaitMs: IDLE_FETCH_WAIT_MS };
  return { minBytes: flushBytes, maxWaitMs: flushIntervalMs };
}
