import type { AgentStatus } from '@logpipe/targets';
import type { AgentIdentity } from '../agent-identity.js';
import type { AgentMetrics } from '../agent-metrics.js';

export interface AgentCounts {
  targets: number;
  files: number;
}

/** The status value (see `AgentStatus` in @logpipe/targets) of this agent now. */
export function agentStatus(identity: AgentIdentity, metricsUrl: string, counts: AgentCounts, startedAt: Date, pid: number): AgentStatus {
  return {
    name: identity.name,
    id: identity.id,
    version: identity.version,
    host: identity.hostName,
    pid,
    started_at: startedAt.toISOString(),
    metrics_url: metricsUrl,
    targets: counts.targets,
    files: counts.files,
  };
}

/** Targets and open files, read from the gauges the harvesters already keep up to date. */
export async function countsFromMetrics(metrics: Pick<AgentMetrics, 'targets' | 'filesOpen'>): Promise<AgentCounts> {
  const [targets, files] = await Promise.all([metrics.targets.get(), metrics.filesOpen.get()]);
  return { targets: targets.values[0]?.value ?? 0, files: files.values[0]?.value ?? 0 };
}
