/**
 * The events that cross Kafka from logagent to logtransfer.
 *
 * An event is a JSON object whose fields already carry Elastic Common Schema names and nesting,
 * so the transfer can index it with little work. Wire-only metadata lives under `logpipe`, which
 * the transfer removes before indexing:
 *
 * ```json
 * {"@timestamp":"2026-11-24T21:00:00.000Z","message":"GET /","event":{"id":"k3Jd9x0aQ1mPz8Yw-1042"},
 *  "log":{"offset":1042,"file":{"path":"/var/log/app.log"}},"host":{"name":"web-1"},
 *  "agent":{"type":"logagent","name":"web-1","id":"…","version":"0.1.0"},"labels":{"env":"prod"},
 *  "logpipe":{"v":2,"format":"nginx"}}
 * ```
 *
 * Container targets add top-level fields between `labels` and `logpipe`: `stream` per line, and
 * per file what the kubelet's paths tell (`kubernetes`, `container`). The transfer copies them as
 * they are.
 *
 * `logpipe.v` is the format version, and it says how events sit in a Kafka message:
 *
 * - **v1**: a message value is exactly one event.
 * - **v2** (what this agent writes): a message value is one or more events of one file, in file
 *   order, joined by `\n` (NDJSON without a final newline), each with `"v":2` and its own event
 *   id. `JSON.stringify` never writes a raw line feed (a `\n` or `\r` inside a message is
 *   escaped), so splitting on `\n` is unambiguous. Packing is what lets a JavaScript Kafka
 *   client, which builds every record in JavaScript, keep up: its cost is per record, not per byte (see
 *   bench/README.md). A pack holds at most `[kafka] events_per_message` events and
 *   `MAX_PACK_CHARS` characters, except that one larger event goes alone.
 *
 * A transfer accepts every version up to its own (v1 and v2 messages can share a topic, each
 * event of a pack becomes its own document) and treats anything else as a foreign message. So an
 * old agent and a new transfer run side by side; upgrade transfers before agents, because a v1
 * transfer reads a v2 message as foreign text.
 */
export const WIRE_FORMAT_VERSION = 2;

/** Separates the events of a v2 message. */
export const PACK_SEPARATOR = '\n';

/**
 * Most characters (UTF-16 code units, as `String.length` counts them) in one packed message.
 * UTF-8 takes at most 3 bytes a code unit, so a pack stays under 768 KiB, below the broker's
 * default `message.max.bytes` of 1 MiB, whatever the text; for ASCII it is 256 KiB.
 */
export const MAX_PACK_CHARS = 256 * 1024;

/** Flags the agent sets on a line, as ECS `log.flags`. */
export type LineFlag =
  | 'truncated'
  | 'multiline'
  | 'invalid_utf8'
  /** A container's partial line whose end did not come within `partial_timeout`, sent as it was. */
  | 'partial'
  /** A line of a `cri` or `docker` target without the runtime's framing, sent as it was. */
  | 'malformed';

/** What a decoded agent event is known to contain. Other fields may be present. */
export interface AgentEvent {
  '@timestamp': string;
  message: string;
  event: { id: string; [key: string]: unknown };
  log: { offset: number; file: { path: string }; flags?: LineFlag[]; [key: string]: unknown };
  host: { name: string; [key: string]: unknown };
  agent: { type: string; name: string; id: string; version: string };
  labels?: Record<string, string>;
  logpipe: { v: number; format: string };
  [key: string]: unknown;
}
