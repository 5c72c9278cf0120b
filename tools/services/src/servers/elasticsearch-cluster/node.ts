import { join } from 'node:path';
import { ServicesError } from '../../errors.js';
import { jvmInstanceMarker, outputLogOf } from '../../lifecycle/runtime-files.js';
import { describeSearch, searchName } from '../../releases.js';
import type { ServerDefinition, ServerName } from '../../server-definition.js';
import { prepareSearchNode } from '../elasticsearch/prepare-node.js';
import { searchHealthy } from '../elasticsearch/server.js';
import { SEARCH_CLUSTER_NAME, type SearchNodeId, searchNodePorts, searchNodeYml } from './node-settings.js';

/**
 * Node `node` of the 2-node Elasticsearch cluster, as a server of its own, so a test can kill
 * and restart one. Node 2 alone never becomes healthy: it waits for node 1, the master.
 */
export function searchClusterNode(node: SearchNodeId): ServerDefinition {
  const portName = `elasticsearchCluster${node}` as const;
  const url = (ports: Parameters<typeof searchNodePorts>[0]) => `http://127.0.0.1:${searchNodePorts(ports, node).http}`;
  return {
    name: `elasticsearch-${node}` as ServerName,
    dirName: (settings) => join(`${searchName(settings.selection.search)}-cluster`, `node-${node}`),
    release: (settings) => `${describeSearch(settings.selection.search)} (node ${node} of 2)`,
    ports: [portName, `${portName}Transport`],
    endpoint: (settings) => url(settings.ports),
    signature: (dir) => [jvmInstanceMarker(dir)],
    startTimeoutMs: 180_000,
    logFiles: (dir) => [outputLogOf(dir), join(dir, 'logs', `${SEARCH_CLUSTER_NAME}.log`)],
    healthy: (settings) => searchHealthy(url(settings.ports)),
    prepare: async (ctx) => {
      if (ctx.settings.selection.search.engine !== 'elasticsearch') {
        throw new ServicesError(`the search cluster runs Elasticsearch only (its settings name Elasticsearch's node roles); unset LOGPIPE_SEARCH or pick an elasticsearch-* release`);
      }
      return prepareSearchNode(ctx, ctx.settings.selection.search, { yml: (paths) => searchNodeYml(ctx.settings.ports, node, paths) });
    },
  };
}
