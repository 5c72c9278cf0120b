import type { Client, estypes } from '@elastic/elasticsearch';
import { customComponentName, installIndexTemplate } from '@logpipe/logtransfer/dist/sink/index-template.js';
import { ensureComponentTemplate, templateFor, type SearchFlavour } from '@logpipe/search';
import { sameTemplate, type ComparableTemplate } from './canonical.js';
import type { StepResult } from './step-result.js';

type IndicesPutIndexTemplateRequest = estypes.IndicesPutIndexTemplateRequest;

/**
 * The template request logtransfer sends, taken from its own `installIndexTemplate` rather than
 * copied: the stack and the transfer can then never disagree on the mapping.
 */
export async function transferTemplateRequest(indexPattern: string): Promise<IndicesPutIndexTemplateRequest> {
  let captured: IndicesPutIndexTemplateRequest | undefined;
  const recorder = {
    indices: {
      putIndexTemplate: async (request: IndicesPutIndexTemplateRequest) => {
        captured = request;
        return { acknowledged: true };
      },
    },
  } as unknown as Client;
  await installIndexTemplate(recorder, indexPattern);
  if (!captured) throw new Error('logtransfer installIndexTemplate sent no request');
  return captured;
}

/** The stored template, or undefined when there is none. */
export async function getIndexTemplate(client: Client, name: string): Promise<ComparableTemplate | undefined> {
  const response = await client.indices.getIndexTemplate({ name }, { ignore: [404] });
  return response.index_templates?.[0]?.index_template as ComparableTemplate | undefined;
}

/**
 * Puts `request` unless an equal template is stored already; on OpenSearch, in the form it takes
 * (`templateFor`), after creating the `@custom` component it may not find missing.
 */
export async function ensureIndexTemplate(client: Client, elasticRequest: IndicesPutIndexTemplateRequest, flavour: SearchFlavour): Promise<StepResult> {
  const request = templateFor(flavour, elasticRequest);
  const subject = `elasticsearch index template ${request.name}`;
  const custom = customComponentName(request.name);
  if (request.composed_of?.includes(custom)) await ensureComponentTemplate(client, flavour, custom);
  const existing = await getIndexTemplate(client, request.name);
  if (existing && sameTemplate(existing, request as ComparableTemplate)) return { subject, outcome: 'unchanged' };
  await client.indices.putIndexTemplate(request);
  return { subject, outcome: existing ? 'updated' : 'created' };
}
