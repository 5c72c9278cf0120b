import { endpoints } from '@logpipe/services';

/** The search server the suite runs on, read with plain HTTP rather than the code under test. */
export interface ServerUnderTest {
  flavour: 'elasticsearch' | 'opensearch';
  version: string;
  /** `Elasticsearch 9.5.0`, as the transfer names it in its log lines. */
  name: string;
}

let cached: Promise<ServerUnderTest> | undefined;

export function serverUnderTest(): Promise<ServerUnderTest> {
  cached ??= (async () => {
    const url = endpoints().elasticsearchUrl;
    const root = await fetch(url);
    const body = (await root.json().catch(() => ({}))) as { version?: { number?: string; distribution?: string } };
    if (body.version?.distribution === 'opensearch') return { flavour: 'opensearch', version: body.version.number!, name: `OpenSearch ${body.version.number}` };
    const nodes = (await (await fetch(`${url}/_nodes/_local?filter_path=nodes.*.version`)).json()) as { nodes: Record<string, { version: string }> };
    const version = Object.values(nodes.nodes)[0]!.version;
    return { flavour: 'elasticsearch', version, name: `Elasticsearch ${version}` };
  })();
  return cached;
}

/** `text` as a regular expression that matches it literally. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How the transfer says the local server has no lifecycle management: the minimal Elasticsearch
 * answers `GET /_ilm/status` with 405 (8.19) or 400 (9.x); OpenSearch without its plugin answers
 * the ISM API with 400.
 */
export function noLifecycleDetail(server: ServerUnderTest): RegExp {
  return server.flavour === 'opensearch'
    ? new RegExp(`this ${escapeRegExp(server.name)} has no ISM: GET /_plugins/_ism/policies\\?size=1 answered 400`)
    : new RegExp(`this ${escapeRegExp(server.name)} has no ILM: GET /_ilm/status answered 40[05]`);
}
