import { ALL_AGENTS } from '@logpipe/targets';
import { flagOption, stringOption, type CommandSpec } from '../cli/command.js';
import { UsageError } from '../cli/errors.js';
import { renderTable, type Column } from '../cli/table.js';
import { withEtcd } from '../connect/etcd-store.js';
import { allRecords, recordJson, type TargetRecord } from './target-records.js';
import { readLiveTransfers, targetTopicConsumers, unconsumedHint } from '../transfers/live-transfers.js';

export const targetsLs: CommandSpec = {
  path: ['targets', 'ls'],
  summary: 'list collection targets, in both etcd forms, and flag the ones agents reject',
  usage: '[--agent A | --all]',
  description: [
    'Lists every target under the prefix: one-key targets (<agent>/targets/<id>) and entries of the',
    "seeds' collect_config arrays (shown as <agent>/collect_config[N]). Each value is checked with the",
    'parser the agent uses; a value the agent would reject is flagged with the reason, and so is a target',
    'whose topic no live transfer worker consumes (workers register under <transfer-prefix>/workers/).',
  ].join('\n'),
  options: {
    agent: { type: 'string', value: 'A', description: "only what agent A collects: its own targets and the _all ones" },
    all: { type: 'boolean', description: 'only the targets for every agent (_all)' },
  },
  positionals: { min: 0, max: 0 },
  servers: ['etcd', 'routes'],
  examples: ['logctl targets ls', 'logctl targets ls --agent web-1', 'logctl targets ls --json | jq -r \'.[].id\''],
  async run(context) {
    const agent = stringOption(context, 'agent');
    const all = flagOption(context, 'all');
    if (agent !== undefined && all) throw new UsageError('targets ls: give --agent A or --all, not both');
    const { settings, out } = context;
    const prefix = settings.prefix();
    const transferPrefix = settings.transferPrefix();
    const [listing, transfers] = await withEtcd(settings.etcd(), async (store) => [await store.list(`${prefix}/`), await readLiveTransfers(store, transferPrefix)] as const);
    const records = allRecords(listing, prefix, settings.allowedPaths()).filter((r) =>
      all ? r.agent === ALL_AGENTS : agent !== undefined ? r.agent === agent || r.agent === ALL_AGENTS : true,
    );
    const topicOf = (r: TargetRecord) => (r.errors.length === 0 ? (r.value as { topic: string }).topic : undefined);
    const consumers = targetTopicConsumers(records.flatMap((r) => topicOf(r) ?? []), transfers, prefix);
    const unconsumed = (r: TargetRecord) => {
      const topic = topicOf(r);
      return topic !== undefined && consumers.get(topic)?.length === 0 ? `no live transfer consumes ${topic}` : undefined;
    };
    const nobody = [...consumers].filter(([, groups]) => groups.length === 0).map(([topic]) => topic);
    if (nobody.length > 0) out.warn(unconsumedHint(nobody, prefix, transferPrefix, transfers.length > 0));
    if (out.json) return out.data(records.map((r) => ({ ...recordJson(r), consumed_by: consumers.get(topicOf(r) ?? '') ?? null })));
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
    const problem = (r: TargetRecord) => (r.errors.length > 0 ? `rejected by agents: ${r.errors.join('; ')}` : (unconsumed(r) ?? ''));
    if (records.some((r) => problem(r) !== '')) columns.push({ header: 'PROBLEM', value: problem, style: (text) => out.colour.red(text) });
    out.write(renderTable(records, columns, out.colour));
  },
};
