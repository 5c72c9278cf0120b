import type { LiveAgent } from '../agents/live-agents.js';

const SCRAPE_TIMEOUT_MS = 3000;
const BACKLOG = 'logagent_file_backlog_bytes';

export interface AgentBacklog {
  name: string;
  host: string | undefined;
  metricsUrl: string | undefined;
  /** Bytes in the agent's files that Kafka has not acknowledged yet; null when it could not be scraped. */
  backlogBytes: number | null;
  /** Files with a backlog series. */
  files: number | null;
  error?: string;
}

/** Scrapes each live agent's `/metrics` (in parallel) and sums `logagent_file_backlog_bytes` over its files. */
export function agentBacklogs(agents: readonly LiveAgent[]): Promise<AgentBacklog[]> {
  return Promise.all(agents.map(scrape));
}

async function scrape(agent: LiveAgent): Promise<AgentBacklog> {
  const base = { name: agent.name, host: agent.status?.host, metricsUrl: agent.status?.metrics_url };
  if (!agent.status) return { ...base, backlogBytes: null, files: null, error: `unreadable status: ${agent.error}` };
  const url = `${agent.status.metrics_url.replace(/\/$/, '')}/metrics`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
    if (!response.ok) return { ...base, backlogBytes: null, files: null, error: `${url} answered ${response.status}` };
    const { sum, series } = sumMetric(await response.text(), BACKLOG);
    return { ...base, backlogBytes: sum, files: series };
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${SCRAPE_TIMEOUT_MS} ms` : ((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message);
    return { ...base, backlogBytes: null, files: null, error: `cannot scrape ${url}: ${reason}` };
  }
}

/** The sum of every series of a metric in Prometheus text format, and how many series it has. */
export function sumMetric(text: string, name: string): { sum: number; series: number } {
  let sum = 0;
  let series = 0;
  for (const line of text.split('\n')) {
    if (!(line.startsWith(`${name}{`) || line.startsWith(`${name} `))) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) {
      sum += value;
      series++;
    }
  }
  return { sum, series };
}
