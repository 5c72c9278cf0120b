import { isObject, type Fields } from './fields/fields.js';
import { PIPELINE_FIELDS } from './fields/pipeline-fields.js';
import type { Transform } from './transform.js';
import { MESSAGE_FROM, nestedEnds, type WireLayout } from './wire-layout.js';

/** A document cut out of an agent event's wire text. */
export interface CutDocument {
  body: string;
  /** Its `@timestamp`, which names the daily index. */
  timestamp: string;
}

/** The owned fields inside the three objects a parser may add to (`log.level`, `host.hostname`, `event.code`). */
const OWNED_EVENT = PIPELINE_FIELDS.event as Record<string, unknown>;
const OWNED_LOG = PIPELINE_FIELDS.log as Record<string, unknown>;
const OWNED_HOST = PIPELINE_FIELDS.host as Record<string, unknown>;

/**
 * A plain event's document: the event minus `logpipe`, plus `event.ingested`.
 */
export function plainDocument(text: string, layout: WireLayout, ingested: string): CutDocument {
  return {
    body: text.slice(0, layout.idEnd + 1) + ',"ingested":"' + ingested + '"' + text.slice(layout.idEnd + 1, layout.tailStart) + '}',
    timestamp: text.slice(15, 39),
  };
}

/**
 * A parsed event's document, without parsing the event's JSON or serialising it again: the line
 * is parsed into an object of its own, which is serialised and spliced into the wire text where
 * `JSON.stringify` of the merged document would have put it. The result is the same text, byte
 * for byte, as the general path's (the unit tests hold them to it), at a fraction of the cost:
 * only the parser's fields are serialised.
 *
 * Returns undefined when the parser wrote what only a merge can place: a pipeline field
 * (`"log": {"offset": 7}` in a JSON line), a non-object where the event has an object
 * (`"host": "db-1"`), `labels`, `agent` or `logpipe`. The general path then does the merge and
 * applies the guards.
 */
export function splicedDocument(text: string, layout: WireLayout, format: string, ingested: string, transform: Transform): CutDocument | undefined {
  const ends = nestedEnds(text, layout);
  if (ends === undefined) return undefined;
  const literal = text.slice(MESSAGE_FROM, layout.messageEnd + 1);
  // Without a backslash, the JSON string is its text between the quotes.
  const line = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
  const fields: Fields = { '@timestamp': text.slice(15, 39), message: line };
  transform.parse(format, line, fields);

  const { '@timestamp': timestamp, message, event, log, host } = fields;
  if (typeof timestamp !== 'string' || typeof message !== 'string') return undefined;
  if (!addable(event, OWNED_EVENT) || !addable(log, OWNED_LOG) || !addable(host, OWNED_HOST)) return undefined;
  if (Object.hasOwn(fields, 'labels') || Object.hasOwn(fields, 'agent') || Object.hasOwn(fields, 'logpipe')) return undefined;
  // What is left goes after the event's own top-level fields, in the order the parser added it.
  fields['@timestamp'] = fields.message = fields.event = fields.log = fields.host = undefined;
  if (!addableAtTop(fields, text, ends.hostEnd, layout.tailStart)) return undefined;

  const body =
    '{"@timestamp":' + JSON.stringify(timestamp) +
    ',"message":' + (message === line ? literal : JSON.stringify(message)) +
    text.slice(layout.messageEnd + 1, layout.idEnd + 1) + inner(event) + ',"ingested":"' + ingested + '"' +
    text.slice(layout.idEnd + 1, ends.logEnd) + inner(log) +
    text.slice(ends.logEnd, ends.hostEnd) + inner(host) +
    text.slice(ends.hostEnd, layout.tailStart) + inner(fields) + '}';
  return { body, timestamp };
}

/** Whether the parser's `value` can be added inside the event's object: absent, or an object without owned fields. */
function addable(value: unknown, owned: Record<string, unknown>): boolean {
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  for (const key of Object.keys(value)) if (Object.hasOwn(owned, key)) return false;
  return true;
}

/**
 * Whether the parser's other top-level fields are new to the event: a container event already
 * has `stream`, `kubernetes` and `container` after `agent`, and a JSON line may carry those
 * names too; only a merge can combine them. A name found anywhere in that part of the text
 * (nested, or as a label) sends the event the general way, which is slower but always right.
 *
 * That part of the text (`agent`, `labels`, a container's fields) is the same for every event
 * of a file, and a parser names the same fields line after line, so what was found is kept for
 * as long as the text stays the same: one comparison instead of a search per name per event.
 */
function addableAtTop(fields: Fields, text: string, from: number, to: number): boolean {
  const region = text.slice(from, to);
  if (region !== lastRegion) {
    lastRegion = region;
    namesInRegion.clear();
  }
  for (const key in fields) {
    if (fields[key] === undefined) continue;
    let found = namesInRegion.get(key);
    if (found === undefined) {
      // JSON lines can name anything: a file whose every line brings new names must not grow this.
      if (namesInRegion.size >= MAX_NAMES_KEPT) namesInRegion.clear();
      namesInRegion.set(key, (found = region.includes('"' + key + '":')));
    }
    if (found) return false;
  }
  return true;
}

/** The last event's text after `host`, and which top-level names were looked for in it. */
let lastRegion = '';
const namesInRegion = new Map<string, boolean>();
const MAX_NAMES_KEPT = 256;

/** `,"a":1,"b":2` for `{a: 1, b: 2}`; nothing for undefined or an object without (defined) fields. */
function inner(value: unknown): string {
  if (value === undefined) return '';
  const json = JSON.stringify(value);
  return json.length > 2 ? ',' + json.slice(1, -1) : '';
}
