import { PACK_SEPARATOR, WIRE_FORMAT_VERSION, type AgentEvent } from './wire-format.js';

export type DecodedMessage =
  /** One agent event, and its own JSON text (for a v2 pack: its line, not the whole message). */
  | { kind: 'agent'; event: AgentEvent; text: string }
  /** Anything else on the topic: another producer's JSON object (`json`) or text (`text`). */
  | { kind: 'foreign'; json?: Record<string, unknown>; text: string };

/**
 * Tells agent events from messages other producers wrote to the same topic. An agent event is a
 * JSON object with a `logpipe.v` this build understands and the fields the agent always writes.
 * Decodes a message as a single event; `unpackMessage` also reads v2 packs.
 */
export function decodeMessage(text: string): DecodedMessage {
  const first = text.charCodeAt(0);
  if (first !== 0x7b /* { */) return { kind: 'foreign', text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'foreign', text };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'foreign', text };
  const record = value as Record<string, unknown>;
  return isAgentEvent(record) ? { kind: 'agent', event: record, text } : { kind: 'foreign', json: record, text };
}

/**
 * Every event of one Kafka message value, in order: one for a v1 message, one or more for a v2
 * pack (events joined by `\n`, see wire-format.ts). A message that is not entirely agent events
 * of v2 or later, line by line, is decoded as a whole, so another producer's multi-line text or
 * pretty-printed JSON stays one foreign message, as before packing existed.
 */
export function unpackMessage(text: string): DecodedMessage[] {
  if (!text.includes(PACK_SEPARATOR)) return [decodeMessage(text)];
  const lines = text.split(PACK_SEPARATOR);
  const events: DecodedMessage[] = [];
  for (const line of lines) {
    const decoded = decodeMessage(line);
    if (decoded.kind !== 'agent' || decoded.event.logpipe.v < 2) return [decodeMessage(text)];
    events.push(decoded);
  }
  return events;
}

function isAgentEvent(record: Record<string, unknown>): record is AgentEvent {
  const meta = record.logpipe as { v?: unknown } | undefined;
  if (!meta || typeof meta.v !== 'number' || meta.v < 1 || meta.v > WIRE_FORMAT_VERSION) return false;
  const event = record.event as { id?: unknown } | undefined;
  return typeof record.message === 'string' && typeof record['@timestamp'] === 'string' && typeof event?.id === 'string';
}
