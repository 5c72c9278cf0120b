import { decodeMessage, PACK_SEPARATOR, unpackMessage, type AgentEvent } from '@logpipe/event';
import type { TopicRoute } from '../routes/route-table.js';
import { appendCutDocument } from './cut-events.js';
import type { Fields } from './fields/fields.js';
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
  /** The document as serialized JSON, written into the bulk request as it is. */
  body: string;
  /** Where it came from, for the dead-letter topic. */
  source: MessageSource;
  /**
   * For one event of a v2 pack, its own line: a dead letter carries it instead of the whole
   * message, so it is one event, whatever else its message carried.
   */
  line?: string;
}

/** The parts of a consumed Kafka record documents are made from. */
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
 * parser for it. When `[transform]` has nothing to do after parsing (no `drop_when`, no
 * `add_fields`), an agent event's document is cut out of its wire text, with only the parser's
 * fields serialised (see cut-events.ts); otherwise each event is parsed once and its document
 * serialised once.
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
  if (transform.finishesNothing && appendCutDocuments(text, ingested, route, transform, source, out)) return;
  const events = unpackMessage(text);
  const packed = events.length > 1;
  for (const decoded of events) {
    if (decoded.kind === 'agent') {
      appendAgentDocument(decoded.event, decoded.text, packed, route, ingested, transform, source, out);
      continue;
    }
    const id = `${topic}-${partition}-${message.offset}`;
    const document = foreignDocument(decoded.text, decoded.json, id, message.timestamp, route, ingested, transform);
    if (!transform.finish(document)) continue;
    const prepared: PreparedDocument = { index: route.indexName(document['@timestamp'] as string), id, body: JSON.stringify(document), source };
    if (packed) prepared.line = decoded.text;
    out.push(prepared);
  }
}

/**
 * The fast path over a message's agent events, event by event: one that cannot be cut (a JSON
 * line that sets a pipeline field, say) goes the general way alone, in its place, and the rest
 * of its pack is still cut. Returns false, having added nothing, when the message is not made of
 * agent events only; it is then decoded as a whole.
 */
function appendCutDocuments(text: string, ingested: string, route: TopicRoute, transform: Transform, source: MessageSource, out: PreparedDocument[]): boolean {
  if (!text.includes(PACK_SEPARATOR)) return appendCutDocument(text, 1, false, ingested, route, transform, source, out);
  const start = out.length;
  for (const line of text.split(PACK_SEPARATOR)) {
    if (appendCutDocument(line, 2, true, ingested, route, transform, source, out)) continue;
    const decoded = decodeMessage(line);
    if (decoded.kind !== 'agent' || decoded.event.logpipe.v < 2) {
      out.length = start;
      return false;
    }
    appendAgentDocument(decoded.event, line, true, route, ingested, transform, source, out);
  }
  return true;
}

/** The general path for one agent event: parse, transform, serialise. */
function appendAgentDocument(
  event: AgentEvent,
  line: string,
  packed: boolean,
  route: TopicRoute,
  ingested: string,
  transform: Transform,
  source: MessageSource,
  out: PreparedDocument[],
): void {
  const document = agentDocument(event, route, ingested, transform);
  if (!transform.finish(document)) return;
  const prepared: PreparedDocument = { index: route.indexName(document['@timestamp'] as string), id: event.event.id, body: JSON.stringify(document), source };
  if (packed) prepared.line = line;
  out.push(prepared);
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
  // Without a Kafka timestamp, the time the batch was read: the same document however often it is made.
  const kafkaTime = Number(timestamp) > 0 ? new Date(Number(timestamp)).toISOString() : ingested;
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
