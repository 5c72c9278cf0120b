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
  /** Top-level fields the same for every line of the file (a container's `kubernetes` and `container`). */
  fileFields?: Record<string, unknown>;
}

/** `stream` as a JSON fragment, ready-made for the two values runtimes write. */
const STREAM_FIELDS: Record<string, string> = { stdout: ',"stream":"stdout"', stderr: ',"stream":"stderr"' };

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
  /** The tail's last part, `logpipe`: per-line fields (`stream`) go before it. */
  private readonly wireTail: string;
  private readonly fileTail: string;

  constructor(context: FileContext) {
    this.idPrefix = context.fileKey;
    const agent = { type: 'logagent', ...context.agent };
    const fileFields = context.fileFields ? JSON.stringify(context.fileFields).slice(1, -1) : '';
    this.fileTail =
      ',"file":{"path":' + JSON.stringify(context.path) + '}}' +
      ',"host":{"name":' + JSON.stringify(context.hostName) + '}' +
      ',"agent":' + JSON.stringify(agent) +
      (context.labels && Object.keys(context.labels).length > 0 ? ',"labels":' + JSON.stringify(context.labels) : '') +
      (fileFields.length > 0 ? ',' + fileFields : '');
    this.wireTail = ',"logpipe":{"v":' + WIRE_FORMAT_VERSION + ',"format":' + JSON.stringify(context.format) + '}}';
    this.tail = this.fileTail + this.wireTail;
  }

  /**
   * @param timestamp ISO-8601 time the line was read; callers compute it once per read chunk.
   * @param offset byte offset of the line's first byte in the file.
   */
  encode(message: string, offset: number, timestamp: string, flags?: readonly LineFlag[]): string {
    return this.head(message, offset, timestamp, flags) + this.tail;
  }

  /**
   * A container line: `timestamp` is the runtime's (already as `toISOString()` writes it, which
   * the transfer's fast path relies on), and `stream` is `stdout` or `stderr`.
   */
  encodeContainerLine(message: string, offset: number, timestamp: string, flags: readonly LineFlag[] | undefined, stream: string | undefined): string {
    const streamField = stream === undefined ? '' : (STREAM_FIELDS[stream] ?? ',"stream":' + JSON.stringify(stream));
    return this.head(message, offset, timestamp, flags) + this.fileTail + streamField + this.wireTail;
  }

  private head(message: string, offset: number, timestamp: string, flags: readonly LineFlag[] | undefined): string {
    return (
      '{"@timestamp":"' + timestamp +
      '","message":' + JSON.stringify(message) +
      ',"event":{"id":"' + eventId(this.idPrefix, offset) +
      '"},"log":{"offset":' + offset +
      (flags && flags.length > 0 ? ',"flags":' + JSON.stringify(flags) : '')
    );
  }
}
