import { join } from 'node:path';
import { getJson } from '../../http-probe.js';
import { jvmInstanceMarker, outputLogOf } from '../../lifecycle/runtime-files.js';
import { describeSearch, searchName } from '../../releases.js';
import type { ServerDefinition } from '../../server-definition.js';
import type { Settings } from '../../settings.js';
import { CLUSTER_NAME, elasticsearchYml } from './config.js';
import { prepareSearchNode } from './prepare-node.js';

const url = (settings: Settings): string => `http://127.0.0.1:${settings.ports.elasticsearch}`;

/** Green or yellow through the node's own HTTP port: it has a master and answers requests. */
export async function searchHealthy(nodeUrl: string): Promise<boolean> {
  const health = (await getJson(`${nodeUrl}/_cluster/health`)) as { status?: string } | undefined;
  return health?.status === 'green' || health?.status === 'yellow';
}

/**
 * The search server slot: Elasticsearch or OpenSearch, as LOGPIPE_SEARCH selects, on
 * LOGPIPE_ES_PORT. Named `elasticsearch` for the scripts and tests that address it.
 */
export const elasticsearch: ServerDefinition = {
  name: 'elasticsearch',
  dirName: (settings) => searchName(settings.selection.search),
  release: (settings) => describeSearch(settings.selection.search),
  ports: ['elasticsearch', 'elasticsearchTransport'],
  endpoint: url,
  signature: (dir) => [jvmInstanceMarker(dir)],
  // 20-40 s alone on a 2-core machine; longer while Kafka's JVM starts beside it.
  startTimeoutMs: 180_000,
  logFiles: (dir) => [outputLogOf(dir), join(dir, 'logs', `${CLUSTER_NAME}.log`)],
  // The Elasticsearch distribution has no handler for `GET /` (405), so ask for the cluster
  // health, which both engines answer. Yellow is fine: replicas of one node are never assigned.
  healthy: (settings) => searchHealthy(url(settings)),
  prepare: (ctx) => {
    const release = ctx.settings.selection.search;
    return prepareSearchNode(ctx, release, { yml: (paths) => elasticsearchYml(ctx.settings.ports, paths, release.engine) });
  },
};
