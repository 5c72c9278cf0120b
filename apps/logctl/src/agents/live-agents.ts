import { parseAgentStatus, STATUS_KEY, type AgentStatus } from '@logpipe/targets';
import type { StoredValue } from '../connect/etcd-store.js';

export interface LiveAgent {
  /** The `<agent>` of the key, which is the status's name unless the value is broken. */
  name: string;
  key: string;
  /** The etcd lease the key is bound to: the key exists while the agent keeps it alive. */
  lease: string;
  status?: AgentStatus;
  /** Why the value could not be read (an agent of an incompatible version, a hand-written key). */
  error?: string;
}

/**
 * The agents that are live now: every agent keeps `<prefix>/<agent>/status` alive under a lease,
 * so the key is there exactly while the agent runs (gone at once after SIGTERM, within its
 * `status_ttl` after a crash). Read from a listing of the prefix.
 */
export function liveAgents(listing: readonly StoredValue[], prefix: string): LiveAgent[] {
  const agents: LiveAgent[] = [];
  for (const stored of listing) {
    const parts = stored.key.slice(prefix.length + 1).split('/');
    if (parts.length !== 2 || parts[1] !== STATUS_KEY) continue;
    const parsed = parseAgentStatus(stored.value);
    const base = { name: parts[0]!, key: stored.key, lease: stored.lease };
    agents.push(parsed.ok ? { ...base, status: parsed.status } : { ...base, error: parsed.error });
  }
  return agents.sort((a, b) => a.name.localeCompare(b.name));
}
