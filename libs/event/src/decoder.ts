import { WIRE_FORMAT_VERSION, type AgentEvent } from './wire-format.js';

export type DecodedMessage =
  | { kind: 'agent'; event: AgentEvent }
  /** Anything else on the topic: another producer's JSON object (`json`) or text (`text`). */
  | { kind: 'foreign'; json?: Record<string, unknown>; text: string };

/**
 * Tells agent events from messages other producers wrote to the same topic. An agent event is a
 * JSON object with a `logpipe.v` this build understands and the fields the agent always writes.
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
  return isAgentEvent(record) ? { kind: 'agent', event: record } : { kind: 'foreign', json: record, text };
}

function isAgentEvent(record: Record<string, unknown>): record is AgentEvent {
  const meta = record.logpipe as { v?: unknown } | undefined;
  if (!meta || typeof meta.v !== 'number' || meta.v < 1 || meta.v > WIRE_FORMAT_VERSION) return false;
  const event = record.event as { id?: unknown } | undefined;
  return typeof record.message === 'string' && typeof record['@timestamp'] === 'string' && typeof event?.id === 'string';
}
