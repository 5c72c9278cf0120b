import { WIRE_FORMAT_VERSION } from '@logpipe/event';

const HEAD = '{"@timestamp":"';
const MESSAGE = '","message":';
/** Where the message's JSON string starts: after the head, 24 timestamp characters and MESSAGE. */
export const MESSAGE_FROM = 51;
/** Inside a JSON string every `"` is escaped, so this sequence can only end the message. */
const EVENT_ID = '","event":{"id":"';
const AFTER_ID = '"},"log":{';
/** The end of `log` (after `file`'s `}`) and the start of `host`: no JSON string can hold it. */
const LOG_END = '}},"host":{"name":';
/** The end of `host` and the start of `agent`. */
const HOST_END = '},"agent":';

/**
 * Where the parts of one agent event sit in its wire text, which the agent's encoder
 * (FileEventEncoder) lays out the same way every time:
 *
 * `{"@timestamp":"<24 chars>","message":<string>,"event":{"id":"<id>"},"log":{…,"file":{"path":<string>}},"host":{"name":<string>},"agent":{…}[,"labels":{…}],"logpipe":{"v":<v>,"format":"<format>"}}`
 *
 * Reading these positions lets the transfer cut a document out of the text instead of parsing
 * the whole event and serialising it again, its largest cost per event. Every search below is
 * for a sequence that contains an unescaped `"` right after a character other than `\`, so it
 * cannot occur inside a JSON string: the first match is the real one.
 */
export interface WireLayout {
  /** Index of the `"` that ends the message string. */
  messageEnd: number;
  /** The event id, which has no escapes. */
  id: string;
  /** Index of the `"` that ends the id. */
  idEnd: number;
  /** Index of `,"logpipe":`, the wire-only tail that documents leave out. */
  tailStart: number;
  /** `logpipe.format`, the target's parser hint. */
  format: string;
}

/**
 * The layout of `text` if it is an agent event laid out as above, with a wire format version from
 * `minVersion` up to this build's; otherwise undefined, and the caller parses it the general way.
 */
export function readWireLayout(text: string, minVersion: number): WireLayout | undefined {
  // `@timestamp` as the encoder writes it: toISOString(), 24 characters, UTC.
  if (!text.startsWith(HEAD) || text.charCodeAt(38) !== 0x5a /* Z */ || !text.startsWith(MESSAGE, 39) || text.charCodeAt(MESSAGE_FROM) !== 0x22 /* " */) return undefined;
  const messageEnd = text.indexOf(EVENT_ID, MESSAGE_FROM + 1);
  if (messageEnd < 0) return undefined;
  const idFrom = messageEnd + EVENT_ID.length;
  const idEnd = text.indexOf('"', idFrom);
  if (idEnd <= idFrom || !text.startsWith(AFTER_ID, idEnd)) return undefined;
  const id = text.slice(idFrom, idEnd);
  if (id.includes('\\')) return undefined;

  // The tail: `,"logpipe":{"v":<v>,"format":"<format>"}}`, ending the event.
  const tailStart = text.lastIndexOf(',"logpipe":{"v":');
  if (tailStart < idEnd) return undefined;
  const version = text.charCodeAt(tailStart + 16) - 0x30;
  if (version < minVersion || version > WIRE_FORMAT_VERSION || !text.startsWith(',"format":"', tailStart + 17)) return undefined;
  const formatFrom = tailStart + 28;
  const formatEnd = text.indexOf('"', formatFrom);
  if (formatEnd < 0 || formatEnd !== text.length - 3 || !text.endsWith('"}}')) return undefined;
  const format = text.slice(formatFrom, formatEnd);
  if (format.includes('\\')) return undefined;
  return { messageEnd, id, idEnd, tailStart, format };
}

/** The closing `}` of `log` and of `host`, for fields to add inside them; undefined if the text has another layout. */
export function nestedEnds(text: string, layout: WireLayout): { logEnd: number; hostEnd: number } | undefined {
  const logMarker = text.indexOf(LOG_END, layout.idEnd);
  if (logMarker < 0) return undefined;
  const logEnd = logMarker + 1;
  const hostEnd = text.indexOf(HOST_END, logEnd + LOG_END.length);
  if (hostEnd < 0 || hostEnd > layout.tailStart) return undefined;
  return { logEnd, hostEnd };
}
