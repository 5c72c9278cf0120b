import type { Ports } from '../../ports.js';
import { CLUSTER_NAME, nodeSettings, ymlOf, type ElasticsearchPaths } from '../elasticsearch/config.js';

/** The PEM files, copied into the node's config folder: the node may read only under it. */
export interface NodeTls {
  /** `certs/server.crt`, relative to the config folder as Elasticsearch resolves it. */
  certificate: string;
  key: string;
  ca: string;
}

/** Where the PEM files go under the config folder. */
export const NODE_TLS: NodeTls = { certificate: 'certs/server.crt', key: 'certs/server.key', ca: 'certs/ca.crt' };

/**
 * elasticsearch.yml for one node with security on: authentication required on every request,
 * HTTPS with the test PKI's server certificate (CN=localhost, SAN 127.0.0.1), and the file
 * realm (users written by the harness) beside the native one (API keys and users made through
 * the API). Transport TLS is not needed: a single-node cluster skips that bootstrap check, and
 * the transport port is bound to loopback.
 */
export function secureElasticsearchYml(ports: Pick<Ports, 'elasticsearchSecure' | 'elasticsearchSecureTransport'>, paths: ElasticsearchPaths, tls: NodeTls = NODE_TLS): string {
  return ymlOf(
    nodeSettings({ http: ports.elasticsearchSecure, transport: ports.elasticsearchSecureTransport }, paths, `${CLUSTER_NAME}-secure`, [
      ['xpack.security.enabled', true],
      ['xpack.security.http.ssl.enabled', true],
      ['xpack.security.http.ssl.certificate', tls.certificate],
      ['xpack.security.http.ssl.key', tls.key],
      ['xpack.security.http.ssl.certificate_authorities', tls.ca],
      // Explicit, so the realms are known rather than implied: file first (the harness's users),
      // then native (users and roles made through the API).
      ['xpack.security.authc.realms.file.file1.order', 0],
      ['xpack.security.authc.realms.native.native1.order', 1],
      // On by default; said here because the tests depend on them.
      ['xpack.security.authc.api_key.enabled', true],
    ]),
  );
}
