/**
 * @logpipe/services: the local Kafka, Elasticsearch, etcd and Prometheus that the apps and the
 * integration tests run against, without Docker. `npm run services -- up|down|status|clean` is
 * the CLI over the same functions.
 */
export { startServers, stopServers, serverStatus, cleanServers, type ServicesOptions } from './manage.js';
export { endpoints, type Endpoints } from './endpoints.js';
export { repoRoot, cacheDir, runtimeDir, serverDir } from './paths.js';
export { daemonCommand } from './daemon-command.js';
export { etcdPath, etcdctlPath, prometheusPath, promtoolPath } from './binaries.js';
export { registerScrapeTarget, scrapeTargetsDir } from './servers/prometheus/scrape-targets.js';
export { SCRAPE_JOBS, type ScrapeJob } from './servers/prometheus/config.js';
export { SERVER_NAMES, OPTIONAL_SERVER_NAMES, ALL_SERVER_NAMES, SERVER_GROUPS, type ServerName } from './server-definition.js';
export type { StartResult } from './lifecycle/start-server.js';
export type { StopResult } from './lifecycle/stop-server.js';
export type { ServerStatus } from './lifecycle/server-status.js';
export { ServicesError, ServicesStartError, type StartFailure } from './errors.js';
export { PORT_SETTINGS, type Ports } from './ports.js';
export { freePort } from './port-check.js';
export { ensureTestPki, testPkiPaths, pkiDir, PKI_IDENTITIES, type TestPki, type PkiIdentity, type KeyPair } from './pki/test-pki.js';
export { kafkaHomeFromJars } from './servers/kafka/home-from-jars.js';
export { kafkaSecureEndpoints, type KafkaSecureEndpoints } from './servers/kafka-secure/endpoints.js';
export { etcdSecureAccess, etcdSecureEndpoint, type EtcdSecureAccess } from './servers/etcd-secure/access.js';
export { secureElasticsearch, type SecureElasticsearch, type SecureEsPasswords, type SecureEsUser } from './servers/elasticsearch-secure/access.js';
