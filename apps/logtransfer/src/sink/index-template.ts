import type { Client } from '@elastic/elasticsearch';

/**
 * The index template every log index gets: Elastic Common Schema types for the fields the
 * pipeline writes, keywords for other strings (so Kibana can filter and aggregate them), and
 * `message` as full text.
 *
 * It must outrank Elasticsearch's built-in `logs` template (priority 100, pattern `logs-*-*`),
 * which would otherwise turn our daily indices into data streams that refuse `index` requests.
 */
export const TEMPLATE_NAME = 'logpipe-logs';
const PRIORITY = 500;

/** `logs-{topic}-{yyyy.MM.dd}` → `logs-*-*`: what the pattern can produce. */
export function templatePattern(indexPattern: string): string {
  return indexPattern.replace(/\{[^}]+\}/g, '*').replace(/\*+/g, '*');
}

export async function installIndexTemplate(client: Client, indexPattern: string): Promise<void> {
  await client.indices.putIndexTemplate({
    name: TEMPLATE_NAME,
    priority: PRIORITY,
    index_patterns: [templatePattern(indexPattern)],
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 0, 'index.refresh_interval': '1s' },
      mappings: {
        dynamic_templates: [
          { labels: { path_match: 'labels.*', mapping: { type: 'keyword', ignore_above: 1024 } } },
          { strings_as_keywords: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } },
        ],
        properties: {
          '@timestamp': { type: 'date' },
          message: { type: 'text' },
          event: { properties: { id: { type: 'keyword' }, ingested: { type: 'date' }, original: { type: 'keyword', index: false, doc_values: false } } },
          log: {
            properties: {
              offset: { type: 'long' },
              level: { type: 'keyword' },
              flags: { type: 'keyword' },
              file: { properties: { path: { type: 'keyword' } } },
            },
          },
          host: { properties: { name: { type: 'keyword' } } },
          agent: { properties: { type: { type: 'keyword' }, name: { type: 'keyword' }, id: { type: 'keyword' }, version: { type: 'keyword' } } },
          error: { properties: { message: { type: 'text' } } },
          tags: { type: 'keyword' },
        },
      },
    },
  });
}
