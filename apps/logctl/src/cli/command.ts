import { TOPIC_NAME } from '@logpipe/schemas';
import { UsageError } from './errors.js';
import type { Output } from './output.js';
import type { Settings } from '../connect/settings.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The flag may be given more than once (`--label a=1 --label b=2`). */
  multiple?: boolean;
  short?: string;
  /** Placeholder of the value in help: `--path P`. */
  value?: string;
  description: string;
}

/** Which servers a command talks to (`routes`: it reads the transfer's routes): decides which connection flags its help lists. */
export type Server = 'etcd' | 'kafka' | 'elasticsearch' | 'routes';

export interface CommandSpec {
  /** The words that select it: `['targets', 'add']`. */
  path: readonly string[];
  summary: string;
  /** What follows the command words in the synopsis. */
  usage: string;
  /** Paragraphs shown by `--help` after the synopsis. */
  description?: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  servers: readonly Server[];
  examples: readonly string[];
  run(context: CommandContext): Promise<number | void>;
}

export type OptionValue = string | boolean | string[] | undefined;

/** What a command gets: its parsed arguments, where to write, and how to reach the servers. */
export interface CommandContext {
  readonly command: CommandSpec;
  readonly values: Readonly<Record<string, OptionValue>>;
  readonly positionals: readonly string[];
  readonly out: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly settings: Settings;
  /** Resolves when the user pressed Ctrl-C (or the process got SIGTERM): long commands stop then. */
  readonly interrupted: AbortSignal;
}

export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringsOption(context: CommandContext, name: string): string[] {
  const value = context.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function flagOption(context: CommandContext, name: string): boolean {
  return context.values[name] === true;
}

/** `--topic T`, repeated: each must be a Kafka topic name, or nothing could ever match it. */
export function topicsOption(context: CommandContext): string[] {
  const topics = stringsOption(context, 'topic');
  const bad = topics.filter((topic) => !TOPIC_NAME.test(topic));
  if (bad.length > 0) throw new UsageError(`--topic ${bad.map((t) => JSON.stringify(t)).join(', ')}: not a Kafka topic name (letters, digits, ".", "_", "-"; at most 249)`);
  return topics;
}
