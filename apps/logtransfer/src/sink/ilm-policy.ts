import type { Client, estypes } from '@elastic/elasticsearch';
import type { SearchFlavour } from '@logpipe/search';
import { installIsmPolicy, ismPolicy } from './ism-policy.js';

export interface PolicyOptions {
  retentionDays: number;
  dataStreams: boolean;
}

/**
 * The ILM policy the transfer installs where it uses ILM, named like its index template. Daily
 * indices need no rollover, so for them it only deletes an index `retention_days` after its
 * creation; a data stream rolls over daily (or at 50 GB a shard) and deletes its old backing
 * indices the same way. It is the transfer's: reinstalled at every start. For a policy of your
 * own, set `ilm = off` and name it in the `<template>@custom` component template.
 */
export function ilmPolicy({ retentionDays, dataStreams }: PolicyOptions): estypes.IlmPolicy {
  return {
    phases: {
      hot: { min_age: '0ms', actions: dataStreams ? { rollover: { max_age: '1d', max_primary_shard_size: '50gb' } } : {} },
      ...(retentionDays > 0 ? { delete: { min_age: `${retentionDays}d`, actions: { delete: { delete_searchable_snapshot: true } } } } : {}),
    },
    _meta: { managed_by: 'logtransfer', description: 'Installed by logtransfer at every start; see [elasticsearch] retention_days.' },
  };
}

export async function installIlmPolicy(client: Client, name: string, options: PolicyOptions): Promise<void> {
  await client.ilm.putLifecycle({ name, policy: ilmPolicy(options) });
}

/** ILM on Elasticsearch, ISM on OpenSearch: the same retention, in each one's terms. */
export async function installLifecyclePolicy(client: Client, flavour: SearchFlavour, name: string, options: PolicyOptions, patterns: readonly string[]): Promise<void> {
  if (flavour === 'opensearch') await installIsmPolicy(client, name, ismPolicy(options, patterns));
  else await installIlmPolicy(client, name, options);
}
