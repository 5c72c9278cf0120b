import type { Client } from '@elastic/elasticsearch';

/** Whether the cluster has a feature, and the answer that told; `undefined`: it would not say. */
export interface Feature {
  available: boolean | undefined;
  detail: string;
}

export interface ElasticsearchFeatures {
  ilm: Feature;
  dataStreams: Feature;
}

/**
 * Asks the cluster what it has. The minimal distributions (the local test server is one) have
 * neither ILM nor data streams: `GET /_ilm/status` answers 405 there, and `GET /_data_stream`
 * 400 (the name is read as an index). A user without the monitor privileges gets 401/403 from a
 * cluster that may well have them: that is reported as "cannot tell".
 * @throws when Elasticsearch does not answer at all (the caller retries).
 */
export async function detectFeatures(client: Client): Promise<ElasticsearchFeatures> {
  const [ilm, dataStreams] = await Promise.all([probe(client, '/_ilm/status', 'ILM'), probe(client, '/_data_stream', 'data streams')]);
  return { ilm, dataStreams };
}

async function probe(client: Client, path: string, what: string): Promise<Feature> {
  const response = await client.transport.request({ method: 'GET', path }, { meta: true, ignore: [400, 401, 403, 404, 405] });
  const status = response.statusCode ?? 0;
  if (status === 200) return { available: true, detail: `GET ${path} answered 200` };
  if (status === 401 || status === 403) return { available: undefined, detail: `cannot tell whether this Elasticsearch has ${what}: GET ${path} answered ${status} (the user lacks the privilege)` };
  return { available: false, detail: `this Elasticsearch has no ${what}: GET ${path} answered ${status}` };
}
