import { dirname, join } from 'node:path';
import { jvmInstanceMarker, outputLogOf } from '../../lifecycle/runtime-files.js';
import type { ServerDefinition, ServerName } from '../../server-definition.js';
import type { Settings } from '../../settings.js';
import { kafkaHealthy } from '../kafka/health.js';
import { KAFKA_MAIN_CLASS, prepareKafkaNode } from '../kafka/launch.js';
import { sharedClusterId } from './cluster-id.js';
import { type ClusterNodeId, clusterNodePorts, clusterNodeProperties } from './node-properties.js';

const clusterDirName = (settings: Settings): string => `kafka-cluster-${settings.selection.kafka.version}`;

/**
 * Node `node` of the 3-node cluster, as a server of its own: the harness starts, kills and
 * restarts each process alone, which is what the failure tests do to it. Started alone it never
 * becomes healthy, since its controller needs a second voter: start the group `kafka-cluster`.
 */
export function kafkaClusterNode(node: ClusterNodeId): ServerDefinition {
  const name = `kafka-${node}` as ServerName;
  const portName = `kafkaCluster${node}` as const;
  return {
    name,
    dirName: (settings) => join(clusterDirName(settings), `node-${node}`),
    release: (settings) => `kafka ${settings.selection.kafka.version} (node ${node} of 3)`,
    ports: [portName, `${portName}Controller`],
    endpoint: (settings) => `127.0.0.1:${clusterNodePorts(settings.ports, node).client}`,
    signature: (dir) => [jvmInstanceMarker(dir), KAFKA_MAIN_CLASS],
    startTimeoutMs: 90_000,
    // Through this node's own listener: the broker answers and the quorum has admitted it.
    healthy: (settings) => kafkaHealthy([`127.0.0.1:${clusterNodePorts(settings.ports, node).client}`]),
    logFiles: (dir) => [outputLogOf(dir)],
    prepare: (ctx) =>
      prepareKafkaNode(ctx, {
        properties: (dataDir) => clusterNodeProperties(ctx.settings.ports, node, dataDir),
        clusterId: () => sharedClusterId(join(dirname(ctx.dir), 'cluster.id')),
        // Three of these beside the single broker, Elasticsearch and the apps on a 2-core machine.
        heap: '384m',
      }),
  };
}
