import { unpackMessage, type AgentEvent } from '@logpipe/event';
import type { TopicRoute } from '../routes/route-table.js';
import type { Fields } from './fields/fields.js';
import { appendPlainDocuments } from './plain-events.js';
import type { Transform } from './transform.js';

/** The Kafka message documents came from, shared by all the events it carries. */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

/** One event of a Kafka message, ready for the bulk request. */
export interface PreparedDocument {
  index: string;
  id: string;
  /** The document as serialized JSON: the bulk helper sends strings as they are. */
  body: string;
  /** Where it came from, for the dead-letter topic. */
  source: MessageSource;
  /**
   * For one event of a v2 pack, its own line: a dead letter carries it instead of the whole
   * message, so it is one event, whatever else its message carried.
   */
  line?: string;
}

/** The parts of a kafkajs message documents are made from. */
export interface KafkaMessageLike {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Turns a Kafka message into its documents, appended to `out`: one per agent event (an agent
 * writes one per message in wire format v1, one or more in v2), or one for another producer's
 * message. Ids are idempotent: the agent's event id for agent events (a line sent twice becomes
 * one document, however it was packed), and topic-partition-offset for other producers' messages
 * (a replayed offset becomes one document).
 *
 * The parser is the one the topic's route names, else the one the agent event's
 * `logpipe.format` names. Another producer's JSON object goes through the `json` parser's
 * mapping, and its text is indexed as it is, at the Kafka timestamp, unless a route names a
 * parser for it. Each event is parsed once and its document serialised once, except a plain
 * event with nothing to transform, which is not parsed at all (see plain-events.ts).
 *
 * An event that `[transform] drop_when` drops adds nothing: it is committed with its batch and
 * never indexed.
 */
export function toDocuments(
  topic: string,
  partition: number,
  message: KafkaMessageLike,
  route: TopicRoute,
  ingested: string,
  transform: Transform,
  out: PreparedDocument[],
): void {
  const text = message.value ? message.value.toString('utf8') : '';
  const source: MessageSource = { topic, partition, offset: message.offset, key: message.key, value: message.value };
  if (transform.finishesNothing && (route.format === undefined || route.format === 'plain')) {
    // Plain events need no parsing: their documents are cut out of the wire text as they are.
    if (appendPlainDocuments(text, ingested, route.format === undefined, route, source, out)) return;
  }
  const events = unpackMessage(text);
  const packed = events.length > 1;
  for (const decoded of events) {
    let document: Fields;
    let id: string;
    if (decoded.kind === 'agent') {
      document = agentDocument(decoded.event, route, ingested, transform);
      id = decoded.event.event.id;
    } else {
      id = `${topic}-${partition}-${message.offset}`;
      document = foreignDocument(decoded.text, decoded.json, id, message.timestamp, route, ingested, transform);
    }
    if (!transform.finish(document)) continue;
    const prepared: PreparedDocument = { index: route.indexName(document['@timestamp'] as string), id, body: JSON.stringify(document), source };
    if (packed) prepared.line = decoded.text;
    out.push(prepared);
  }
}

function agentDocument(event: AgentEvent, route: TopicRoute, ingested: string, transform: Transform): Fields {
  const format = route.format ?? (typeof event.logpipe.format === 'string' ? event.logpipe.format : 'plain');
  // Wire-only metadata; JSON.stringify leaves out undefined properties (cheaper than delete).
  (event as Fields).logpipe = undefined;
  transform.parse(format, event.message, event);
  event.event.ingested = ingested;
  return event;
}

function foreignDocument(
  text: string,
  json: Record<string, unknown> | undefined,
  id: string,
  timestamp: string,
  route: TopicRoute,
  ingested: string,
  transform: Transform,
): Fields {
  const kafkaTime = new Date(Number(timestamp) || Date.now()).toISOString();
  const document: Fields = { '@timestamp': kafkaTime, message: text, event: { id, ingested } };
  const format = route.format;
  if (format === undefined || format === 'json') {
    if (json) transform.mergeJson(json, text, document);
    else if (format === 'json') transform.parse('json', text, document);
  } else {
    transform.parse(format, text, document);
  }
  return document;
}
