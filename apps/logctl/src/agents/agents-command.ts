import type { CommandSpec } from '../cli/command.js';
import { formatCount, renderTable, type Column } from '../cli/table.js';
import { withEtcd } from '../connect/etcd-store.js';
import { liveAgents, type LiveAgent } from './live-agents.js';

export const agentsCommand: CommandSpec = {
  path: ['agents'],
  summary: 'list the live agents: name, version, host, start time, metrics URL, files, targets',
  usage: '',
  description: [
    'Reads every <prefix>/<agent>/status key. Each agent keeps its key alive under an etcd lease, so an',
    'agent is listed exactly while it runs: a stopped agent disappears at once, a crashed one within its',
    '[etcd] status_ttl (default 10 s).',
  ].join('\n'),
  options: {},
  positionals: { min: 0, max: 0 },
  servers: ['etcd'],
  examples: ['logctl agents', 'logctl agents --json | jq -r \'.[] | .metrics_url\''],
  async run({ settings, out }) {
    const prefix = settings.prefix();
    const agents = await withEtcd(settings.etcd(), async (store) => liveAgents(await store.list(`${prefix}/`), prefix));
    if (out.json) return out.data(agents.map((a) => ({ ...(a.status ?? { name: a.name }), key: a.key, lease: a.lease, ...(a.error ? { error: a.error } : {}) })));
    if (agents.length === 0) return out.line(`No live agents under ${prefix}/.`);
    const now = Date.now();
    const s = (a: LiveAgent) => a.status;
    const columns: Column<LiveAgent>[] = [
      { header: 'NAME', value: (a) => a.name, style: (text) => out.colour.bold(text) },
      { header: 'VERSION', value: (a) => s(a)?.version ?? '?' },
      { header: 'HOST', value: (a) => s(a)?.host ?? '?' },
      { header: 'STARTED', value: (a) => (s(a) ? `${s(a)!.started_at.replace(/\.\d+Z$/, 'Z')} (up ${uptime(now - Date.parse(s(a)!.started_at))})` : '?') },
      { header: 'METRICS', value: (a) => s(a)?.metrics_url ?? '' },
      { header: 'FILES', value: (a) => (s(a) ? formatCount(s(a)!.files) : '?'), align: 'right' },
      { header: 'TARGETS', value: (a) => (s(a) ? formatCount(s(a)!.targets) : '?'), align: 'right' },
    ];
    if (agents.some((a) => a.error)) {
      columns.push({ header: 'PROBLEM', value: (a) => (a.error ? `unreadable status: ${a.error}` : ''), style: (text) => out.colour.red(text) });
    }
    out.write(renderTable(agents, columns, out.colour));
  },
};

/** 93784000 → "1d 2h": how long an agent has been up, at a glance. */
export function uptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m] = [Math.floor(seconds / 86400), Math.floor((seconds % 86400) / 3600), Math.floor((seconds % 3600) / 60)];
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${seconds % 60}s`;
  return `${seconds}s`;
}
