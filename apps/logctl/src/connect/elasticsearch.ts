import type { Client } from '@elastic/elasticsearch';
import { createSearchClient, describeAccessFailure } from '@logpipe/search';
import { Failure } from '../cli/errors.js';
import type { ElasticsearchSettings } from './settings.js';

/** An Elasticsearch or OpenSearch client whose failures become a `Failure` naming the nodes and what to check. */
export class Elasticsearch {
  readonly client: Client;

  constructor(private readonly settings: ElasticsearchSettings) {
    this.client = createSearchClient(settings.options);
  }

  async call<T>(what: string, operation: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await operation(this.client);
    } catch (err) {
      const { nodes, source, access } = this.settings;
      const refusal = describeAccessFailure(err, { nodes, ...access });
      if (refusal) throw new Failure(`${what} failed: ${refusal.message}`);
      const reason = (err as { meta?: { body?: { error?: { reason?: string } } } }).meta?.body?.error?.reason ?? (err as Error).message;
      throw new Failure(`Elasticsearch at ${nodes.join(', ')} (from ${source}) failed ${what}: ${reason}; check that it runs there, or point logctl at it with --es, LOGCTL_ELASTICSEARCH_NODES or --transfer-config`);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
