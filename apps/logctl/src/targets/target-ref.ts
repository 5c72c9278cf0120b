import { ALL_AGENTS, collectConfigKey, targetKey } from '@logpipe/targets';
import { flagOption, stringOption, type CommandContext, type OptionSpec } from '../cli/command.js';
import { Failure, UsageError } from '../cli/errors.js';
import type { EtcdStore, StoredValue } from '../connect/etcd-store.js';
import { allRecords, recordsOf, type TargetRecord } from './target-records.js';

/** What an ID argument names: `web-1/nginx`, `_all/syslog`, `web-1/collect_config[0]`, or a bare `nginx`. */
export interface TargetRef {
  /** Undefined for a bare id without --agent/--all: every agent is searched. */
  agent: string | undefined;
  id: string;
  /** Set for a `collect_config[N]` entry. */
  index?: number;
}

/** The options of the commands that name one target (`show`, `edit`, `rm`): for a bare ID. */
export const TARGET_REF_OPTIONS: Readonly<Record<'agent' | 'all', OptionSpec>> = {
  agent: { type: 'string', value: 'A', description: 'the agent of a bare ID' },
  all: { type: 'boolean', description: 'a bare ID is one of the _all targets' },
};

/** The target a command's ID positional and `TARGET_REF_OPTIONS` name. */
export function targetRefOf(context: CommandContext): TargetRef {
  return parseTargetRef(context.positionals[0]!, stringOption(context, 'agent'), flagOption(context, 'all'));
}

/** New ids and agent names: what is safe in an etcd key segment and on a command line. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const COLLECT_ENTRY = /^collect_config\[(\d+)\]$/;

export function parseTargetRef(text: string, agentFlag: string | undefined, allFlag: boolean): TargetRef {
  const parts = text.split('/');
  if (parts.length > 2 || parts.some((part) => part.length === 0)) {
    throw new UsageError(`target ${JSON.stringify(text)}: name it as AGENT/ID (web-1/nginx, _all/syslog, web-1/collect_config[0]) or ID with --agent/--all`);
  }
  const [agentPart, idPart] = parts.length === 2 ? [parts[0], parts[1]!] : [undefined, parts[0]!];
  if (agentPart !== undefined && (agentFlag !== undefined || allFlag)) throw new UsageError(`target ${text} already names its agent; leave out --agent/--all`);
  const agent = agentPart ?? (allFlag ? ALL_AGENTS : agentFlag);
  const entry = COLLECT_ENTRY.exec(idPart);
  return { agent, id: idPart, ...(entry ? { index: Number(entry[1]) } : {}) };
}

/** The etcd key a ref lives in (the `collect_config` key for an array entry). */
export function keyOf(prefix: string, agent: string, ref: TargetRef): string {
  const inArray = ref.index !== undefined || ref.id === 'collect_config';
  return `${prefix}/${inArray ? collectConfigKey(agent) : targetKey(agent, ref.id)}`;
}

/**
 * Finds the target a ref names, with the key's value and mod revision as read now: the revision
 * a later write compares against. A bare id is searched under every agent and must be unique.
 */
export async function findTarget(store: EtcdStore, prefix: string, ref: TargetRef, allowedPaths: readonly string[]): Promise<{ record: TargetRecord; stored: StoredValue }> {
  if (ref.agent !== undefined) {
    const key = keyOf(prefix, ref.agent, ref);
    const stored = await store.get(key);
    const record = stored && recordsOf(stored, prefix, allowedPaths).find((r) => r.id === ref.id);
    if (!stored || !record) throw new Failure(`no target ${ref.agent}/${ref.id} (key ${key}); \`logctl targets ls\` lists the targets`);
    return { record, stored };
  }
  const listing = await store.list(`${prefix}/`);
  const matches = allRecords(listing, prefix, allowedPaths).filter((r) => r.id === ref.id);
  if (matches.length === 0) throw new Failure(`no target ${ref.id} under ${prefix}/; \`logctl targets ls\` lists the targets`);
  if (matches.length > 1) throw new UsageError(`target ${ref.id} is ambiguous: ${matches.map((m) => m.ref).join(', ')}; name one as AGENT/ID`);
  const record = matches[0]!;
  return { record, stored: listing.find((s) => s.key === record.key)! };
}
