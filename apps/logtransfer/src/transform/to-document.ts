import { decodeMessage } from '@logpipe/event';
import type { IndexNamer } from './index-name.js';

/** One Kafka message, ready for the bulk request. */
export interface PreparedDocument {
  index: string;
  id: string;
  /** The document as serialized JSON: the bulk helper sends strings as they are. */
  body: string;
  /** Where it came from, for the dead-letter topic. */
  source: { topic: string; partition: number; offset: string; key: Buffer | null; value: Buffer | null };
}

export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Turns a Kafka message into a document with an idempotent id: the agent's event id for agent
 * events (a line sent twice becomes one document), and topic-partition-offset for messages from
 * other producers (a replayed offset becomes one document).
 */
export function toDocument(record: KafkaRecord, indexName: IndexNamer, ingested: string): PreparedDocument {
  const text = record.value ? record.value.toString('utf8') : '';
  const decoded = decodeMessage(text);
  const source = { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value };
  if (decoded.kind === 'agent') {
    const event = decoded.event;
    // Wire-only metadata; JSON.stringify leaves out undefined properties (cheaper than delete).
    (event as Record<string, unknown>).logpipe = undefined;
    event.event.ingested = ingested;
    return { index: indexName(record.topic, event['@timestamp']), id: event.event.id, body: JSON.stringify(event), source };
  }
  const kafkaTime = new Date(Number(record.timestamp) || Date.now()).toISOString();
  const id = `${record.topic}-${record.partition}-${record.offset}`;
  const document: Record<string, unknown> = decoded.json ? { ...decoded.json } : { message: text };
  const timestamp = pickTimestamp(document) ?? kafkaTime;
  document['@timestamp'] = timestamp;
  if (typeof document.message !== 'string') document.message = text;
  const event = typeof document.event === 'object' && document.event !== null ? (document.event as Record<string, unknown>) : {};
  document.event = { ...event, id, ingested };
  return { index: indexName(record.topic, timestamp), id, body: JSON.stringify(document), source };
}

/** A foreign JSON message's own time, when it has one in a common field. */
function pickTimestamp(document: Record<string, unknown>): string | undefined {
  for (const field of ['@timestamp', 'timestamp', 'time', 'ts']) {
    const value = document[field];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const date = new Date(typeof value === 'number' && value < 1e12 ? value * 1000 : value);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return undefined;
}
