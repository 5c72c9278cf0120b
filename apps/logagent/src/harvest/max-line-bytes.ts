/**
 * The longest line one event can carry. Kafka rejects a record batch larger than the broker's
 * `message.max.bytes` (1 MiB + 12 bytes by default) as a whole, and rejecting is permanent:
 * retrying the same batch would stop the agent forever, and dropping it would lose the line
 * silently. So the agent cuts longer lines here, like Filebeat's `max_bytes`, and flags them
 * `truncated`. A 1 MiB line plus its envelope still fits once compressed (`compression = gzip`,
 * the default); with `compression = none` raise the broker's `message.max.bytes` a little.
 */
export const KAFKA_MAX_LINE_BYTES = 1024 * 1024;

/** The target's `max_line_bytes`, capped at what one Kafka message can carry. */
export function effectiveMaxLineBytes(configured: number): number {
  return Math.min(configured, KAFKA_MAX_LINE_BYTES);
}
