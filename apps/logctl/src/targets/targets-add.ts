import { ALL_AGENTS, targetKey } from '@logpipe/targets';
import { flagOption, stringOption, stringsOption, type CommandContext, type CommandSpec } from '../cli/command.js';
import { Failure, UsageError } from '../cli/errors.js';
import { withEtcd } from '../connect/etcd-store.js';
import { NAME } from './target-ref.js';
import { defaultTargetId, targetFromFlags } from './target-from-flags.js';
import { validateKeyValue } from './target-write.js';
import { readLiveTransfers, targetTopicConsumers, unconsumedHint } from '../transfers/live-transfers.js';

export const targetsAdd: CommandSpec = {
  path: ['targets', 'add'],
  summary: 'add a collection target for one agent or every agent',
  usage: '--agent A|--all --path P --topic T [--format F] [--label K=V]... [--multiline-pattern RE [--multiline-negate] [--multiline-match after|before]] [--exclude-file RE]... [--content-format F] [--include-namespace NS]... [--exclude-namespace NS]... [--id ID] [--dry-run]',
  description: [
    'Writes <prefix>/<agent>/targets/<id> (or <prefix>/_all/targets/<id> with --all), which the agents pick',
    'up within a second. The value is validated first with the parser the agent uses; a value it would',
    'reject is refused with every problem, naming the field, and nothing is written (exit 2). The key is',
    'created only if it does not exist yet: an existing target is never overwritten (use `targets edit`).',
    'A warning says so when no live transfer worker (registered under <transfer-prefix>/workers/) consumes',
    'the topic: its lines would wait in Kafka.',
  ].join('\n'),
  options: {
    agent: { type: 'string', value: 'A', description: 'the agent that collects it ([agent] name, by default its host name)' },
    all: { type: 'boolean', description: 'every agent collects it (key under _all)' },
    path: { type: 'string', value: 'P', description: 'absolute file path or glob (*, ?, **, {a,b})' },
    topic: { type: 'string', value: 'T', description: 'Kafka topic the lines go to' },
    format: { type: 'string', value: 'F', description: "the transfer's parser: plain (default), json, nginx, apache, syslog, text, regex; or a container runtime's framing: cri, docker" },
    start: { type: 'string', value: 'beginning|end', description: 'where to begin in files seen for the first time (default beginning)' },
    label: { type: 'string', multiple: true, value: 'K=V', description: 'a label copied to labels.K of every event' },
    'multiline-pattern': { type: 'string', value: 'RE', description: 'join continuation lines: the regex a continuation line matches' },
    'multiline-negate': { type: 'boolean', description: 'lines that do NOT match the pattern continue the event' },
    'multiline-match': { type: 'string', value: 'after|before', description: 'continuation lines belong to the line before (after, default) or after' },
    'exclude-file': { type: 'string', multiple: true, value: 'RE', description: 'leave out matched paths this regex matches (e.g. \\.gz$)' },
    'content-format': { type: 'string', value: 'F', description: 'with --format cri|docker: the parser for what the container writes (default plain)' },
    'include-namespace': { type: 'string', multiple: true, value: 'NS', description: 'collect only pods of this Kubernetes namespace' },
    'exclude-namespace': { type: 'string', multiple: true, value: 'NS', description: 'never collect pods of this Kubernetes namespace' },
    id: { type: 'string', value: 'ID', description: 'the key\'s last segment (default: the file name, e.g. app.log → app-log; nginx/*.log → nginx-log)' },
    'dry-run': { type: 'boolean', description: 'validate and print the value that would be written; write nothing' },
  },
  positionals: { min: 0, max: 0 },
  servers: ['etcd', 'routes'],
  examples: [
    'logctl targets add --agent web-1 --path /var/log/app.log --topic app_log',
    'logctl targets add --agent web-1 --path \'/var/log/nginx/access.log*\' --topic nginx_log --format nginx --label env=prod --id nginx',
    'logctl targets add --all --path /var/log/syslog --topic syslog_log --format syslog --start end',
    'logctl targets add --agent web-1 --path /srv/app/app.log --topic app_log --multiline-pattern \'^\\s\' --dry-run',
    'logctl targets add --all --path \'/var/log/pods/*/*/*.log\' --topic pods --format cri --exclude-namespace kube-system --id pods',
  ],
  run: addTarget,
};

async function addTarget(context: CommandContext): Promise<void> {
  const { settings, out } = context;
  const agent = agentOf(context);
  const path = required(context, 'path');
  const topic = required(context, 'topic');
  const id = stringOption(context, 'id') ?? defaultTargetId(path);
  if (!NAME.test(id)) throw new UsageError(`--id ${JSON.stringify(id)}: use letters, digits, '.', '_' and '-', starting with a letter or digit`);
  const target = targetFromFlags({
    path,
    topic,
    format: stringOption(context, 'format'),
    start: stringOption(context, 'start'),
    labels: stringsOption(context, 'label'),
    multilinePattern: stringOption(context, 'multiline-pattern'),
    multilineNegate: flagOption(context, 'multiline-negate'),
    multilineMatch: stringOption(context, 'multiline-match'),
    excludeFiles: stringsOption(context, 'exclude-file'),
    contentFormat: stringOption(context, 'content-format'),
    includeNamespaces: stringsOption(context, 'include-namespace'),
    excludeNamespaces: stringsOption(context, 'exclude-namespace'),
  });
  const prefix = settings.prefix();
  const key = `${prefix}/${targetKey(agent, id)}`;
  const value = JSON.stringify(target);
  const ref = `${agent}/${id}`;
  validateKeyValue(prefix, key, value, settings.allowedPaths(), `target ${ref}`);

  if (flagOption(context, 'dry-run')) {
    if (out.json) return out.data({ dry_run: true, id: ref, key, value: target });
    out.note(`dry run: would create ${key} with:`);
    return out.line(JSON.stringify(target, null, 2));
  }
  const transferPrefix = settings.transferPrefix();
  const consumers = await withEtcd(settings.etcd(), async (store) => {
    if (!(await store.create(key, value))) {
      throw new Failure(`target ${ref} exists already (${key}); choose another --id, or change it with \`logctl targets edit ${ref}\``);
    }
    const transfers = await readLiveTransfers(store, transferPrefix);
    return { groups: targetTopicConsumers([topic], transfers, prefix).get(topic) ?? [], anyTransfer: transfers.length > 0 };
  });
  // Written either way: a transfer may start later. But lines nobody consumes are a surprise.
  if (consumers.groups.length === 0) out.warn(unconsumedHint([topic], prefix, transferPrefix, consumers.anyTransfer));
  if (out.json) return out.data({ added: ref, key, value: target, consumed_by: consumers.groups });
  out.line(`${out.colour.green('added')} ${ref} (${key})`);
}

function agentOf(context: CommandContext): string {
  const agent = stringOption(context, 'agent');
  const all = flagOption(context, 'all');
  if (agent !== undefined && all) throw new UsageError('targets add: give --agent A or --all, not both');
  if (all) return ALL_AGENTS;
  if (agent === undefined) throw new UsageError('targets add: say who collects it: --agent A (one agent) or --all (every agent)');
  if (!NAME.test(agent)) throw new UsageError(`--agent ${JSON.stringify(agent)}: not an agent name (letters, digits, '.', '_', '-'); for every agent use --all`);
  return agent;
}

function required(context: CommandContext, flag: string): string {
  const value = stringOption(context, flag);
  if (value === undefined) throw new UsageError(`targets add: --${flag} is required; run \`logctl targets add --help\``);
  return value;
}
