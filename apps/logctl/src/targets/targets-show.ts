import type { CommandSpec } from '../cli/command.js';
import { withEtcd } from '../connect/etcd-store.js';
import { findTarget, TARGET_REF_OPTIONS, targetRefOf } from './target-ref.js';
import { recordJson } from './target-records.js';

export const targetsShow: CommandSpec = {
  path: ['targets', 'show'],
  summary: "print one target's JSON, its key and revision, and whether agents accept it",
  usage: 'ID [--agent A | --all]',
  description: 'ID is AGENT/ID as `targets ls` shows it, or a bare ID that is unique across agents.',
  options: TARGET_REF_OPTIONS,
  positionals: { min: 1, max: 1 },
  servers: ['etcd'],
  examples: ['logctl targets show web-1/nginx', 'logctl targets show web-1/nginx --json | jq .value'],
  async run(context) {
    const { settings, out } = context;
    const prefix = settings.prefix();
    const ref = targetRefOf(context);
    const { record } = await withEtcd(settings.etcd(), (store) => findTarget(store, prefix, ref, settings.allowedPaths()));
    if (out.json) return out.data(recordJson(record));
    out.line(out.colour.dim(`# ${record.ref}: ${record.key} (mod revision ${record.modRevision})`));
    for (const error of record.errors) out.line(out.colour.red(`# rejected by agents: ${error}`));
    out.line(typeof record.value === 'string' ? record.value : JSON.stringify(record.value, null, 2));
  },
};
