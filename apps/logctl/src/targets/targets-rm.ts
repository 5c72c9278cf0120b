import { flagOption, stringOption, type CommandSpec } from '../cli/command.js';
import { withEtcd } from '../connect/etcd-store.js';
import { findTarget, parseTargetRef } from './target-ref.js';
import { commitKey, keyValueWith } from './target-write.js';

export const targetsRm: CommandSpec = {
  path: ['targets', 'rm'],
  summary: 'remove a collection target; agents stop following its files within a second',
  usage: 'ID [--agent A | --all]',
  description: [
    'ID is AGENT/ID as `targets ls` shows it (web-1/nginx, _all/syslog, web-1/collect_config[0]), or a bare',
    'ID that is unique across agents (or qualified with --agent/--all). Removing a collect_config entry',
    'rewrites the array without it (and deletes the key with its last entry). The delete applies only if',
    'the key did not change since logctl read it.',
  ].join('\n'),
  options: {
    agent: { type: 'string', value: 'A', description: 'the agent of a bare ID' },
    all: { type: 'boolean', description: 'a bare ID is one of the _all targets' },
  },
  positionals: { min: 1, max: 1 },
  servers: ['etcd'],
  examples: ['logctl targets rm web-1/nginx', 'logctl targets rm nginx --agent web-1', 'logctl targets rm web-1/collect_config[1]'],
  async run(context) {
    const { settings, out } = context;
    const prefix = settings.prefix();
    const ref = parseTargetRef(context.positionals[0]!, stringOption(context, 'agent'), flagOption(context, 'all'));
    const record = await withEtcd(settings.etcd(), async (store) => {
      const { record, stored } = await findTarget(store, prefix, ref, settings.allowedPaths());
      await commitKey(store, stored, keyValueWith(record, stored, undefined), `logctl targets rm ${record.ref}`);
      return record;
    });
    if (out.json) return out.data({ removed: record.ref, key: record.key, value: record.value });
    out.line(`${out.colour.green('removed')} ${record.ref} (${record.key})`);
  },
};
