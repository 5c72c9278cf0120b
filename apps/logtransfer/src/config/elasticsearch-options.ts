import { readFileSync } from 'node:fs';
import type { ClientOptions } from '@elastic/elasticsearch';

export interface ElasticsearchSection {
  nodes: string[];
  username?: string | undefined;
  password?: string | undefined;
  api_key?: string | undefined;
  ca_file?: string | undefined;
  request_timeout: number;
}

/** Client options from the `[elasticsearch]` section: nodes, basic auth or API key, and TLS. */
export function elasticsearchOptions(e: ElasticsearchSection): ClientOptions {
  return {
    nodes: e.nodes,
    requestTimeout: e.request_timeout,
    // Our own loop retries whole requests with backoff; the transport's quick retries would only
    // multiply requests against a server that is down.
    maxRetries: 0,
    ...(e.api_key ? { auth: { apiKey: e.api_key } } : e.username ? { auth: { username: e.username, password: e.password ?? '' } } : {}),
    ...(e.ca_file ? { tls: { ca: readFileSync(e.ca_file) } } : {}),
  };
}
