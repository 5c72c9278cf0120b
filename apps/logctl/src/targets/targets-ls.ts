import { ALL_AGENTS } from '@logpipe/targets';
import { flagOption, stringOption, type CommandSpec } from '../cli/command.js';
import { UsageError } from '../cli/errors.js';
import { renderTable, type Column } from '../cli/table.js';
import { withEtcd } from '../connect/etcd-store.js';
import { allRecords, recordJson, type TargetRecord } from './target-records.js';

export const targetsLs: CommandSpec = {
  path: ['targets', 'ls'],
  summary: 'list collection targets, in both etcd forms, and flag the ones agents reject',
  usage: '[--agent A | --all]',
  description: [
    'Lists every target under the prefix: one-key targets (<agent>/targets/<id>) and entries of the',
    "seeds' collect_config arrays (shown as <agent>/collect_config[N]). Each value is checked with the",
    'parser the agent uses; a value the agent would reject is flagged with the reason.',
  ].join('\n'),
  options: {
    agent: { type: 'string', value: 'A', description: "only what agent A collects: its own targets and the _all ones" },
    all: { type: 'boolean', description: 'only the targets for every agent (_all)' },
  },
  positionals: { min: 0, max: 0 },
  servers: ['etcd'],
  examples: ['logctl targets ls', 'logctl targets ls --agent web-1', 'logctl targets ls --json | jq -r \'.[].id\''],
  async run(context) {
    const agent = stringOption(context, 'agent');
    const all = flagOption(context, 'all');
    if (agent !== undefined && all) throw new UsageError('targets ls: give --agent A or --all, not both');
    const { settings, out } = context;
    const prefix = settings.prefix();
    const listing = await withEtcd(settings.etcd(), (store) => store.list(`${prefix}/`));
    const records = allRecords(listing, prefix, settings.allowedPaths()).filter((r) =>
      all ? r.agent === ALL_AGENTS : agent !== undefined ? r.agent === agent || r.agent === ALL_AGENTS : true,
    );
    if (out.json) return out.data(records.map(recordJson));
    if (records.length === 0) return out.line(`No targets under ${prefix}/${agent ? ` for ${agent}` : ''}. Add one with \`logctl targets add\`.`);
    const field = (r: TargetRecord, name: string) => {
      const value = (r.value as Record<string, unknown> | null)?.[name];
      return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
    };
    const columns: Column<TargetRecord>[] = [
      { header: 'ID', value: (r) => r.ref, style: (text) => out.colour.bold(text) },
      { header: 'PATH', value: (r) => field(r, 'path') },
      { header: 'TOPIC', value: (r) => field(r, 'topic') },
      { header: 'FORMAT', value: (r) => field(r, 'format') || 'plain' },
      { header: 'LABELS', value: (r) => Object.entries(((r.value as { labels?: unknown } | null)?.labels as Record<string, unknown>) ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',') },
    ];
    if (records.some((r) => r.errors.length > 0)) {
      columns.push({ header: 'PROBLEM', value: (r) => (r.errors.length > 0 ? `rejected by agents: ${r.errors.join('; ')}` : ''), style: (text) => out.colour.red(text) });
    }
    out.write(renderTable(records, columns, out.colour));
  },
};
