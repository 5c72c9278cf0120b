import { decodeMessage } from '@logpipe/event';
import type { Fields } from './fields/fields.js';
import type { IndexNamer } from './index-name.js';
import type { Transform } from './transform.js';

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
 *
 * Agent events go through the parser their `logpipe.format` names; another producer's JSON
 * object goes through the `json` parser's mapping, and its text is indexed as it is, at the
 * Kafka timestamp. The wire event is parsed once and the document serialised once.
 *
 * @returns undefined when `[transform] drop_when` drops the message: it is committed with its
 * batch and never indexed.
 */
export function toDocument(record: KafkaRecord, indexName: IndexNamer, ingested: string, transform: Transform): PreparedDocument | undefined {
  const text = record.value ? record.value.toString('utf8') : '';
  const decoded = decodeMessage(text);
  let document: Fields;
  let id: string;
  if (decoded.kind === 'agent') {
    const event = decoded.event;
    const format = typeof event.logpipe.format === 'string' ? event.logpipe.format : 'plain';
    // Wire-only metadata; JSON.stringify leaves out undefined properties (cheaper than delete).
    (event as Fields).logpipe = undefined;
    transform.parse(format, event.message, event);
    event.event.ingested = ingested;
    document = event;
    id = event.event.id;
  } else {
    id = `${record.topic}-${record.partition}-${record.offset}`;
    const kafkaTime = new Date(Number(record.timestamp) || Date.now()).toISOString();
    document = { '@timestamp': kafkaTime, message: text, event: { id, ingested } };
    if (decoded.json) transform.mergeJson(decoded.json, text, document);
  }
  if (!transform.finish(document)) return undefined;
  const source = { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value };
  return { index: indexName(record.topic, document['@timestamp'] as string), id, body: JSON.stringify(document), source };
}
