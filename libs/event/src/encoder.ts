import { eventId } from './event-id.js';
import { WIRE_FORMAT_VERSION, type LineFlag } from './wire-format.js';

/** What is the same for every line of one file: computed once, reused for every line. */
export interface FileContext {
  fileKey: string;
  path: string;
  hostName: string;
  agent: { name: string; id: string; version: string };
  labels?: Record<string, string>;
  /** Parser hint for the transfer: `plain`, `json`, `nginx`, `syslog`, … */
  format: string;
}

/**
 * Encodes lines of one file into wire events.
 *
 * This runs once per line, so it builds the JSON by concatenating pre-serialized fragments
 * instead of building a nested object only to stringify it: the only per-line serialization is
 * `JSON.stringify` of the line itself, which V8 does natively.
 */
export class FileEventEncoder {
  private readonly idPrefix: string;
  private readonly tail: string;

  constructor(context: FileContext) {
    this.idPrefix = context.fileKey;
    const agent = { type: 'logagent', ...context.agent };
    this.tail =
      ',"file":{"path":' + JSON.stringify(context.path) + '}}' +
      ',"host":{"name":' + JSON.stringify(context.hostName) + '}' +
      ',"agent":' + JSON.stringify(agent) +
      (context.labels && Object.keys(context.labels).length > 0 ? ',"labels":' + JSON.stringify(context.labels) : '') +
      ',"logpipe":{"v":' + WIRE_FORMAT_VERSION + ',"format":' + JSON.stringify(context.format) + '}}';
  }

  /**
   * @param timestamp ISO-8601 time the line was read; callers compute it once per read chunk.
   * @param offset byte offset of the line's first byte in the file.
   */
  encode(message: string, offset: number, timestamp: string, flags?: readonly LineFlag[]): string {
    return (
      '{"@timestamp":"' + timestamp +
      '","message":' + JSON.stringify(message) +
      ',"event":{"id":"' + eventId(this.idPrefix, offset) +
      '"},"log":{"offset":' + offset +
      (flags && flags.length > 0 ? ',"flags":' + JSON.stringify(flags) : '') +
      this.tail
    );
  }
}
