/**
 * The ports each server binds and the variable that moves each one, so two checkouts (or a
 * developer's own Kafka) can coexist with ours on one machine.
 */
export const PORT_SETTINGS = {
  kafka: { variable: 'LOGPIPE_KAFKA_PORT', defaultPort: 9092 },
  kafkaController: { variable: 'LOGPIPE_KAFKA_CONTROLLER_PORT', defaultPort: 9093 },
  /** A second broker listener that advertises the fault proxy's port (see faultProxyPort). */
  kafkaFaultListener: { variable: 'LOGPIPE_KAFKA_FAULT_LISTENER_PORT', defaultPort: 9094 },
  /**
   * Not bound by Kafka: tests run a pausable TCP proxy here, in front of the fault listener.
   * Clients that bootstrap through it are told the broker lives at the proxy, so all their
   * traffic crosses it and a test can cut them off from Kafka without stopping Kafka for
   * every other test running in parallel.
   */
  kafkaFaultProxy: { variable: 'LOGPIPE_KAFKA_FAULT_PROXY_PORT', defaultPort: 9095 },
  elasticsearch: { variable: 'LOGPIPE_ES_PORT', defaultPort: 9200 },
  elasticsearchTransport: { variable: 'LOGPIPE_ES_TRANSPORT_PORT', defaultPort: 9300 },
  etcd: { variable: 'LOGPIPE_ETCD_PORT', defaultPort: 2379 },
  etcdPeer: { variable: 'LOGPIPE_ETCD_PEER_PORT', defaultPort: 2380 },
  etcdSecure: { variable: 'LOGPIPE_ETCD_SECURE_PORT', defaultPort: 12379 },
  etcdSecurePeer: { variable: 'LOGPIPE_ETCD_SECURE_PEER_PORT', defaultPort: 12380 },
  prometheus: { variable: 'LOGPIPE_PROMETHEUS_PORT', defaultPort: 9090 },
  /** The optional 3-node Kafka cluster (`kafka-cluster`): each node's client and controller port. */
  kafkaCluster1: { variable: 'LOGPIPE_KAFKA_CLUSTER_1_PORT', defaultPort: 19192 },
  kafkaCluster1Controller: { variable: 'LOGPIPE_KAFKA_CLUSTER_1_CONTROLLER_PORT', defaultPort: 19193 },
  kafkaCluster2: { variable: 'LOGPIPE_KAFKA_CLUSTER_2_PORT', defaultPort: 19292 },
  kafkaCluster2Controller: { variable: 'LOGPIPE_KAFKA_CLUSTER_2_CONTROLLER_PORT', defaultPort: 19293 },
  kafkaCluster3: { variable: 'LOGPIPE_KAFKA_CLUSTER_3_PORT', defaultPort: 19392 },
  kafkaCluster3Controller: { variable: 'LOGPIPE_KAFKA_CLUSTER_3_CONTROLLER_PORT', defaultPort: 19393 },
  /** The optional 2-node Elasticsearch cluster (`search-cluster`): each node's HTTP and transport port. */
  elasticsearchCluster1: { variable: 'LOGPIPE_ES_CLUSTER_1_PORT', defaultPort: 19201 },
  elasticsearchCluster1Transport: { variable: 'LOGPIPE_ES_CLUSTER_1_TRANSPORT_PORT', defaultPort: 19301 },
  elasticsearchCluster2: { variable: 'LOGPIPE_ES_CLUSTER_2_PORT', defaultPort: 19202 },
  elasticsearchCluster2Transport: { variable: 'LOGPIPE_ES_CLUSTER_2_TRANSPORT_PORT', defaultPort: 19302 },
  /** kafka-secure: SASL_SSL (SCRAM-SHA-512), mutual TLS, and its controller, all on TLS. */
  kafkaSecureSasl: { variable: 'LOGPIPE_KAFKA_SECURE_SASL_PORT', defaultPort: 19443 },
  kafkaSecureMtls: { variable: 'LOGPIPE_KAFKA_SECURE_MTLS_PORT', defaultPort: 19444 },
  kafkaSecureController: { variable: 'LOGPIPE_KAFKA_SECURE_CONTROLLER_PORT', defaultPort: 19445 },
  /** elasticsearch-secure: HTTPS, security on. */
  elasticsearchSecure: { variable: 'LOGPIPE_ES_SECURE_PORT', defaultPort: 19250 },
  elasticsearchSecureTransport: { variable: 'LOGPIPE_ES_SECURE_TRANSPORT_PORT', defaultPort: 19350 },
} as const;

export type PortName = keyof typeof PORT_SETTINGS;
export type Ports = Record<PortName, number>;

/** Reads every port; returns all problems at once so one run shows every typo. */
export function readPorts(env: NodeJS.ProcessEnv): { ports: Ports; problems: string[] } {
  const problems: string[] = [];
  const ports = {} as Ports;
  for (const [name, { variable, defaultPort }] of Object.entries(PORT_SETTINGS) as [PortName, (typeof PORT_SETTINGS)[PortName]][]) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') {
      ports[name] = defaultPort;
    } else if (/^\d+$/.test(raw.trim()) && Number(raw) >= 1 && Number(raw) <= 65535) {
      ports[name] = Number(raw);
    } else {
      problems.push(`${variable}=${JSON.stringify(raw)} is not a port: use a whole number from 1 to 65535 (default ${defaultPort})`);
      ports[name] = defaultPort;
    }
  }

  const byPort = new Map<number, PortName[]>();
  for (const name of Object.keys(ports) as PortName[]) byPort.set(ports[name], [...(byPort.get(ports[name]) ?? []), name]);
  for (const [port, names] of byPort) {
    if (names.length > 1) {
      problems.push(`${names.map((n) => PORT_SETTINGS[n].variable).join(' and ')} ${names.length > 2 ? 'all' : 'both'} resolve to port ${port}: give each its own port`);
    }
  }
  return { ports, problems };
}
