import type { Client, estypes } from '@elastic/elasticsearch';
import type { SearchFlavour } from './search-server.js';

type TemplateRequest = estypes.IndicesPutIndexTemplateRequest;

/**
 * An index template written for Elasticsearch, as OpenSearch takes it:
 * - no `ignore_missing_component_templates` (OpenSearch does not know the field, and refuses a
 *   missing component instead: `ensureComponentTemplate` creates an empty one first);
 * - `flat_object` where Elasticsearch says `flattened` (OpenSearch 2.7+);
 * - no `index.lifecycle.name`: ISM attaches its policy through the policy's own `ism_template`,
 *   and OpenSearch refuses the unknown setting.
 * Elasticsearch gets the template unchanged.
 */
export function templateFor(flavour: SearchFlavour, request: TemplateRequest): TemplateRequest {
  if (flavour === 'elasticsearch') return request;
  const rest = { ...request };
  delete rest.ignore_missing_component_templates;
  const settings = { ...(rest.template?.settings as Record<string, unknown> | undefined) };
  delete settings['index.lifecycle.name'];
  return {
    ...rest,
    ...(rest.template
      ? { template: { ...rest.template, settings, ...(rest.template.mappings ? { mappings: renameFlattened(rest.template.mappings) as estypes.MappingTypeMapping } : {}) } }
      : {}),
  };
}

function renameFlattened(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renameFlattened);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = key === 'type' && inner === 'flattened' ? 'flat_object' : renameFlattened(inner);
  return out;
}

/**
 * Creates the empty component template `name` where the server would refuse a template that
 * names a missing one (OpenSearch). Never replaces one that exists: it is the user's.
 */
export async function ensureComponentTemplate(client: Client, flavour: SearchFlavour, name: string): Promise<void> {
  if (flavour === 'elasticsearch') return;
  try {
    await client.cluster.putComponentTemplate({ name, create: true, template: {} });
  } catch (err) {
    const reason = (err as { meta?: { statusCode?: number; body?: { error?: { reason?: string } } } }).meta;
    if (reason?.statusCode === 400 && /already exists/.test(reason.body?.error?.reason ?? '')) return;
    throw err;
  }
}
