import type { Client } from '@elastic/elasticsearch';
import { describeServer, type SearchServer } from '@logpipe/search';

/** Whether the cluster has a feature, and the answer that told; `undefined`: it would not say. */
export interface Feature {
  available: boolean | undefined;
  detail: string;
}

export interface ElasticsearchFeatures {
  /** Index lifecycle management: ILM on Elasticsearch, the ISM plugin on OpenSearch. */
  ilm: Feature;
  dataStreams: Feature;
}

/** Where each flavour answers whether it manages index lifecycles. */
const LIFECYCLE_PROBE = {
  elasticsearch: { path: '/_ilm/status', what: 'ILM' },
  // The ISM plugin's API; without the plugin, 400 "no handler found".
  opensearch: { path: '/_plugins/_ism/policies?size=1', what: 'ISM' },
} as const;

/**
 * Asks the cluster what it has. The minimal distributions (the local test servers are) have no
 * lifecycle management: `GET /_ilm/status` answers 405 or 400 there, and OpenSearch without its
 * ISM plugin 400. `GET /_data_stream` answers 400 on the minimal Elasticsearch (the name is read
 * as an index) and 200 on OpenSearch, which has data streams in its core. A user without the
 * monitor privileges gets 401/403 from a cluster that may well have them: "cannot tell".
 * @throws when the server does not answer at all (the caller retries).
 */
export async function detectFeatures(client: Client, server: SearchServer): Promise<ElasticsearchFeatures> {
  const lifecycle = LIFECYCLE_PROBE[server.flavour];
  const [ilm, dataStreams] = await Promise.all([probe(client, server, lifecycle.path, lifecycle.what), probe(client, server, '/_data_stream', 'data streams')]);
  return { ilm, dataStreams };
}

async function probe(client: Client, server: SearchServer, path: string, what: string): Promise<Feature> {
  const response = await client.transport.request({ method: 'GET', path }, { meta: true, ignore: [400, 401, 403, 404, 405] });
  const status = response.statusCode ?? 0;
  const name = describeServer(server);
  if (status === 200) return { available: true, detail: `${name}: GET ${path} answered 200` };
  if (status === 401 || status === 403) return { available: undefined, detail: `cannot tell whether this ${name} has ${what}: GET ${path} answered ${status} (the user lacks the privilege)` };
  return { available: false, detail: `this ${name} has no ${what}: GET ${path} answered ${status}` };
}
