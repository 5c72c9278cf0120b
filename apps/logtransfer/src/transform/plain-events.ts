import { PACK_SEPARATOR, WIRE_FORMAT_VERSION } from '@logpipe/event';
import type { TopicRoute } from '../routes/route-table.js';
import type { MessageSource, PreparedDocument } from './to-document.js';

const HEAD = '{"@timestamp":"';
const MESSAGE = '","message":';
/** Inside a JSON string every `"` is escaped, so this sequence can only end the message. */
const EVENT_ID = '","event":{"id":"';
const AFTER_ID = '"},"log":{';

/**
 * The fast path for what most events are: format `plain`, and a transform that changes nothing.
 * Such a document is the agent's event minus `logpipe` plus `event.ingested`, so rather than
 * parse the JSON and serialise it again (the transfer's largest cost per event), it is cut out of
 * the wire text, which the agent's encoder (FileEventEncoder) lays out the same way every time:
 *
 * `{"@timestamp":"<24 chars>","message":<string>,"event":{"id":"<id>"},"log":{…}…,"logpipe":{"v":<v>,"format":"plain"}}`
 *
 * Anything else (another layout, another format, another producer's message, a pack with a line
 * that does not qualify) returns false, and the message goes the general way: every event
 * parsed, transformed and serialised. The unit tests hold both paths to the same documents.
 *
 * @param requirePlainFormat false when a route already says `plain`: the events' own format
 *   does not matter then.
 * @returns whether the message went this way; if not, nothing was added to `out`.
 */
export function appendPlainDocuments(
  text: string,
  ingested: string,
  requirePlainFormat: boolean,
  route: TopicRoute,
  source: MessageSource,
  out: PreparedDocument[],
): boolean {
  if (!text.includes(PACK_SEPARATOR)) return appendPlain(text, ingested, requirePlainFormat, 1, route, source, false, out);
  // A pack: every line must be a v2 event (see unpackMessage), and every one must qualify.
  const start = out.length;
  for (const line of text.split(PACK_SEPARATOR)) {
    if (!appendPlain(line, ingested, requirePlainFormat, 2, route, source, true, out)) {
      out.length = start;
      return false;
    }
  }
  return true;
}

function appendPlain(
  text: string,
  ingested: string,
  requirePlainFormat: boolean,
  minVersion: number,
  route: TopicRoute,
  source: MessageSource,
  packed: boolean,
  out: PreparedDocument[],
): boolean {
  // `@timestamp` as the encoder writes it: toISOString(), 24 characters, UTC.
  if (!text.startsWith(HEAD) || text.charCodeAt(38) !== 0x5a /* Z */ || !text.startsWith(MESSAGE, 39) || text.charCodeAt(51) !== 0x22 /* " */) return false;
  const idStart = text.indexOf(EVENT_ID, 52);
  if (idStart < 0) return false;
  const idFrom = idStart + EVENT_ID.length;
  const idEnd = text.indexOf('"', idFrom);
  if (idEnd <= idFrom || !text.startsWith(AFTER_ID, idEnd)) return false;
  const tailStart = logpipeTail(text, requirePlainFormat, minVersion);
  if (tailStart === undefined) return false;
  const id = text.slice(idFrom, idEnd);
  if (id.includes('\\')) return false;
  const document: PreparedDocument = {
    index: route.indexName(text.slice(15, 39)),
    id,
    body: text.slice(0, idEnd + 1) + ',"ingested":"' + ingested + '"' + text.slice(idEnd + 1, tailStart) + '}',
    source,
  };
  if (packed) document.line = text;
  out.push(document);
  return true;
}

/** Where `,"logpipe":{"v":<v>,"format":"<format>"}}` begins, if the event ends with it as it must. */
function logpipeTail(text: string, requirePlainFormat: boolean, minVersion: number): number | undefined {
  const start = text.lastIndexOf(',"logpipe":{"v":');
  if (start < 0) return undefined;
  const version = text.charCodeAt(start + 16) - 0x30;
  if (version < minVersion || version > WIRE_FORMAT_VERSION || !text.startsWith(',"format":"', start + 17)) return undefined;
  const formatFrom = start + 28;
  const formatEnd = text.indexOf('"', formatFrom);
  if (formatEnd < 0 || formatEnd !== text.length - 3 || !text.endsWith('"}}')) return undefined;
  if (requirePlainFormat && (formatEnd - formatFrom !== 5 || !text.startsWith('plain', formatFrom))) return undefined;
  return start;
}
