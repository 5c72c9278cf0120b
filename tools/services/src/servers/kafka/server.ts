import { outputLogOf, jvmInstanceMarker } from '../../lifecycle/runtime-files.js';
import type { ServerDefinition } from '../../server-definition.js';
import { newClusterId, serverProperties } from './config.js';
import { kafkaHealthy } from './health.js';
import { KAFKA_MAIN_CLASS, prepareKafkaNode } from './launch.js';

/** The default single broker: one process that is both broker and KRaft controller. */
export const kafka: ServerDefinition = {
  name: 'kafka',
  dirName: (settings) => `kafka-${settings.selection.kafka.version}`,
  release: (settings) => `kafka ${settings.selection.kafka.version}`,
  ports: ['kafka', 'kafkaController', 'kafkaFaultListener'],
  endpoint: (settings) => `127.0.0.1:${settings.ports.kafka}`,
  signature: (dir) => [jvmInstanceMarker(dir), KAFKA_MAIN_CLASS],
  startTimeoutMs: 90_000,
  healthy: (settings) => kafkaHealthy([`127.0.0.1:${settings.ports.kafka}`]),
  logFiles: (dir) => [outputLogOf(dir)],
  prepare: (ctx) =>
    prepareKafkaNode(ctx, {
      properties: (dataDir) => serverProperties(ctx.settings.ports, dataDir),
      clusterId: async () => newClusterId(),
    }),
};
