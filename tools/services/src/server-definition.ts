import type { Logger } from '@logpipe/runtime';
import type { PortName } from './ports.js';
import type { Settings } from './settings.js';

/** What `up` starts when given no names: the one-node servers every test and the demo use. */
export const SERVER_NAMES = ['kafka', 'elasticsearch', 'etcd', 'prometheus'] as const;
/**
 * Started only by name (or by the tests that need them): clusters and secured servers, each on
 * ports of its own, so they run beside the defaults. Add one entry a line.
 */
export const OPTIONAL_SERVER_NAMES = [
  'kafka-1',
  'kafka-2',
  'kafka-3',
  'elasticsearch-1',
  'elasticsearch-2',
  'kafka-secure',
  'etcd-secure',
  'elasticsearch-secure',
] as const;
export type ServerName = (typeof SERVER_NAMES)[number] | (typeof OPTIONAL_SERVER_NAMES)[number];
export const ALL_SERVER_NAMES: readonly ServerName[] = [...SERVER_NAMES, ...OPTIONAL_SERVER_NAMES];
/** Names that stand for several servers on the command line. */
export const SERVER_GROUPS: Readonly<Record<string, readonly ServerName[]>> = {
  'kafka-cluster': ['kafka-1', 'kafka-2', 'kafka-3'],
  'search-cluster': ['elasticsearch-1', 'elasticsearch-2'],
};

/** What a server's code gets to work with: its own folder under .run/services and the settings. */
export interface ServerContext {
  /** `<run dir>/<dirName>`: data, logs, pid file and generated config live here. */
  dir: string;
  settings: Settings;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** How to start the server process, as `prepare` worked it out. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /**
   * The command forks the real server and exits 0 once it runs, having written the server's pid
   * to the pid file itself (Elasticsearch's `-d -p`). Otherwise the spawned process is the server.
   */
  daemonizes?: boolean;
}

/**
 * One server the harness manages. The generic start/stop/status code in `lifecycle/` does the
 * pid files, locking, waiting and log tails; a definition only knows its own server.
 */
export interface ServerDefinition {
  name: ServerName;
  /**
   * Its folder's name under .run/services: the release for Kafka and the search server
   * (`kafka-4.4.0`, `opensearch-3.8.0`), so no version ever opens another's data, and two can
   * run side by side on other ports.
   */
  dirName(settings: Settings): string;
  /** What runs, for `status`: `kafka 4.4.0`, `opensearch 3.8.0`; undefined for the Debian ones. */
  release(settings: Settings): string | undefined;
  /** The ports it binds, checked for strangers before starting. */
  ports: readonly PortName[];
  endpoint(settings: Settings): string;
  /**
   * Arguments that must all appear in /proc/<pid>/cmdline for a pid to be the server we started.
   * Derived from `dir` only, so `down` and `status` work without downloading anything.
   */
  signature(dir: string): string[];
  /** How long after the spawn it may take to become healthy before we give up. */
  startTimeoutMs: number;
  /** Downloads what is missing (cached), writes config, formats storage; returns the launch. */
  prepare(ctx: ServerContext): Promise<LaunchSpec>;
  /** One quick probe through the server's real protocol; false (not a throw) when not ready. */
  healthy(settings: Settings): Promise<boolean>;
  /**
   * Runs once it is healthy, on every `up` (also when it was already running): users, auth and
   * the like, which need the server up. Must be idempotent.
   */
  setUp?(ctx: ServerContext): Promise<void>;
  /** Files worth showing when it fails to start, most useful last. */
  logFiles(dir: string): string[];
}
