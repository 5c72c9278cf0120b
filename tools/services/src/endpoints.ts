import { searchClusterUrls } from './servers/elasticsearch-cluster/node-settings.js';
import { clusterBrokers } from './servers/kafka-cluster/node-properties.js';
import { readSettings } from './settings.js';

/** Where clients reach the servers, as the apps' config and the tests' clients take them. */
export interface Endpoints {
  kafkaBrokers: string[];
  /** The optional 3-node cluster (`npm run services -- up kafka-cluster`). */
  kafkaClusterBrokers: string[];
  /** The optional 2-node Elasticsearch cluster (`npm run services -- up search-cluster`). */
  searchClusterUrls: string[];
  elasticsearchUrl: string;
  etcdEndpoints: string[];
  prometheusUrl: string;
  /** Where a test's fault proxy listens, and the broker listener it forwards to. */
  kafkaFault: { proxyPort: number; listenerPort: number };
}

/** Honours the LOGPIPE_*_PORT overrides, so tests follow a moved server without a config change. */
export function endpoints(env: NodeJS.ProcessEnv = process.env): Endpoints {
  const { ports } = readSettings(env);
  return {
    kafkaBrokers: [`127.0.0.1:${ports.kafka}`],
    kafkaClusterBrokers: clusterBrokers(ports),
    searchClusterUrls: searchClusterUrls(ports),
    elasticsearchUrl: `http://127.0.0.1:${ports.elasticsearch}`,
    etcdEndpoints: [`http://127.0.0.1:${ports.etcd}`],
    prometheusUrl: `http://127.0.0.1:${ports.prometheus}`,
    kafkaFault: { proxyPort: ports.kafkaFaultProxy, listenerPort: ports.kafkaFaultListener },
  };
}
