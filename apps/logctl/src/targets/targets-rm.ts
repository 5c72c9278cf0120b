import type { CommandSpec } from '../cli/command.js';
import { withEtcd } from '../connect/etcd-store.js';
import { findTarget, TARGET_REF_OPTIONS, targetRefOf } from './target-ref.js';
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
  options: TARGET_REF_OPTIONS,
  positionals: { min: 1, max: 1 },
  servers: ['etcd'],
  examples: ['logctl targets rm web-1/nginx', 'logctl targets rm nginx --agent web-1', 'logctl targets rm web-1/collect_config[1]'],
  async run(context) {
    const { settings, out } = context;
    const prefix = settings.prefix();
    const ref = targetRefOf(context);
    const record = await withEtcd(settings.etcd(), async (store) => {
      const { record, stored } = await findTarget(store, prefix, ref, settings.allowedPaths());
      await commitKey(store, stored, keyValueWith(record, stored, undefined), `logctl targets rm ${record.ref}`);
      return record;
    });
    if (out.json) return out.data({ removed: record.ref, key: record.key, value: record.value });
    out.line(`${out.colour.green('removed')} ${record.ref} (${record.key})`);
  },
};
