/**
 * The event that crosses Kafka from logagent to logtransfer.
 *
 * It is a JSON object whose fields already carry Elastic Common Schema names and nesting, so
 * the transfer can index it with little work. Wire-only metadata lives under `logpipe`, which the
 * transfer removes before indexing:
 *
 * ```json
 * {"@timestamp":"2026-11-24T21:00:00.000Z","message":"GET /","event":{"id":"k3Jd9x0aQ1mPz8Yw-1042"},
 *  "log":{"offset":1042,"file":{"path":"/var/log/app.log"}},"host":{"name":"web-1"},
 *  "agent":{"type":"logagent","name":"web-1","id":"…","version":"0.1.0"},"labels":{"env":"prod"},
 *  "logpipe":{"v":1,"format":"nginx"}}
 * ```
 *
 * `logpipe.v` is the format version. A transfer accepts every version up to its own and treats
 * anything else as a foreign message, so an old agent and a new transfer can run side by side.
 */
export const WIRE_FORMAT_VERSION = 1;

/** Flags the agent sets on a line, as ECS `log.flags`. */
export type LineFlag = 'truncated' | 'multiline' | 'invalid_utf8';

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
