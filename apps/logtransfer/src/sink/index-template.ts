import type { Client, estypes } from '@elastic/elasticsearch';
import { parseIndexPattern, wildcardOf } from '@logpipe/schemas';

/**
 * The index template every log index gets: Elastic Common Schema types for the fields the
 * pipeline writes, keywords for other strings (so Kibana can filter and aggregate them), and
 * `message` as full text.
 *
 * It must outrank Elasticsearch's built-in `logs` template (priority 100, pattern `logs-*-*`),
 * which would otherwise turn our daily indices into data streams that refuse `index` requests.
 *
 * It is composed with the component template `<name>@custom` when that exists
 * (`ignore_missing_component_templates`), so users can add settings and mappings, such as their
 * own ILM policy, that survive the reinstall at every start. The template's own settings and
 * mappings below win over the component's, as Elasticsearch merges them.
 */
export const TEMPLATE_NAME = 'logpipe-logs';
const PRIORITY = 500;

export interface TemplateOptions {
  /** Template name (`[elasticsearch] template`); default `logpipe-logs`. */
  name?: string;
  /** Wildcard patterns the template applies to, e.g. `logs-*-*`. */
  patterns: string[];
  /** ILM policy to name in the settings (`index.lifecycle.name`). */
  ilmPolicy?: string | undefined;
  /** Indices are data streams (`data_stream: {}`). */
  dataStreams?: boolean;
  /** `[elasticsearch] replicas`: `1`, or a range such as `0-1` that follows the data nodes. */
  replicas?: string;
}

/** `1` → a fixed replica count; `0-1`, `0-all` → a count that follows the number of data nodes. */
export function replicaSettings(replicas = '0-1'): { number_of_replicas: number } | { auto_expand_replicas: string } {
  return /^\d+$/.test(replicas) ? { number_of_replicas: Number(replicas) } : { auto_expand_replicas: replicas };
}

/** `logs-{topic}-{yyyy.MM.dd}` → `logs-*-*`: what the pattern can produce. */
export function templatePattern(indexPattern: string): string {
  return wildcardOf(parseIndexPattern(indexPattern));
}

/** The component template users may create to extend the transfer's template. */
export function customComponentName(templateName: string): string {
  return `${templateName}@custom`;
}

export function indexTemplateRequest(options: TemplateOptions): estypes.IndicesPutIndexTemplateRequest {
  const name = options.name ?? TEMPLATE_NAME;
  const custom = customComponentName(name);
  return {
    name,
    priority: PRIORITY,
    index_patterns: options.patterns,
    composed_of: [custom],
    ignore_missing_component_templates: [custom],
    ...(options.dataStreams ? { data_stream: {} } : {}),
    template: {
      settings: {
        number_of_shards: 1,
        ...replicaSettings(options.replicas),
        'index.refresh_interval': '1s',
        ...(options.ilmPolicy ? { 'index.lifecycle.name': options.ilmPolicy } : {}),
      },
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
              // SD-IDs and parameter names are the sender's: they may hold dots and are
              // unbounded in number, so one field holds them all instead of a field each.
              syslog: { properties: { structured_data: { type: 'flattened' } } },
            },
          },
          // The access-log parsers set source.ip only for an IPv4 or IPv6 address (a host name goes
          // to source.domain), so `ip` never rejects a document; it allows CIDR and range queries.
          source: { properties: { ip: { type: 'ip' } } },
          host: { properties: { name: { type: 'keyword' } } },
          agent: { properties: { type: { type: 'keyword' }, name: { type: 'keyword' }, id: { type: 'keyword' }, version: { type: 'keyword' } } },
          error: { properties: { message: { type: 'text' } } },
          tags: { type: 'keyword' },
        },
      },
    },
    _meta: { managed_by: 'logtransfer', description: `Installed by logtransfer at every start; extend it with the component template ${custom}.` },
  };
}

/** The template for one index pattern, as the Docker stack's setup installs it. */
export async function installIndexTemplate(client: Client, indexPattern: string): Promise<void> {
  await client.indices.putIndexTemplate(indexTemplateRequest({ patterns: [templatePattern(indexPattern)] }));
}
