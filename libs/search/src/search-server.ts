import type { Client } from '@elastic/elasticsearch';
import { SearchAccessError } from './access-failure.js';

export const SEARCH_FLAVOURS = ['elasticsearch', 'opensearch'] as const;
export type SearchFlavour = (typeof SEARCH_FLAVOURS)[number];
/** `[elasticsearch] flavour`: `auto` asks the server. */
export type FlavourSetting = 'auto' | SearchFlavour;

/** What answers at the configured nodes. */
export interface SearchServer {
  flavour: SearchFlavour;
  /** `9.5.0`; undefined when the user may not ask (no `monitor` privilege). */
  version: string | undefined;
  /** How it was told, for the startup log. */
  detail: string;
}

/** The majors the compatibility matrix runs; older ones are refused, newer ones warned about. */
export const TESTED_MAJORS: Record<SearchFlavour, readonly number[]> = { elasticsearch: [8, 9], opensearch: [2, 3] };
export const SUPPORTED_SERVERS = 'Elasticsearch 8.19 and 9.x, OpenSearch 2.19 and 3.x';

/** Not a server logpipe can write to: not worth retrying, the operator has to act. */
export class UnsupportedServerError extends Error {}

interface RawAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const ANY_STATUS = Array.from({ length: 500 - 300 }, (_, i) => 300 + i);

async function ask(client: Client, method: 'GET' | 'POST', path: string): Promise<RawAnswer> {
  const answer = await client.transport.request({ method, path }, { meta: true, ignore: ANY_STATUS });
  return { statusCode: answer.statusCode ?? 0, headers: answer.headers ?? {}, body: answer.body };
}

const errorReason = (body: unknown): string | undefined => {
  const error = (body as { error?: { reason?: unknown } | string } | null)?.error;
  return typeof error === 'string' ? error : typeof error?.reason === 'string' ? error.reason : undefined;
};

const isElasticsearch = (a: RawAnswer) => a.headers['x-elastic-product'] === 'Elasticsearch';
const openSearchHeader = (a: RawAnswer) => a.headers['x-opensearch-version'];
const versionOf = (a: RawAnswer) => (a.body as { version?: { number?: unknown; distribution?: unknown } } | null)?.version;

/**
 * Finds out whether Elasticsearch or OpenSearch answers, and which version, the way they tell:
 * - Elasticsearch sets `X-Elastic-Product: Elasticsearch` on every answer to an authenticated
 *   request, errors included (the minimal distribution answers `GET /` with 405);
 * - OpenSearch answers `GET /` with `version.distribution: "opensearch"` (3.x also sends an
 *   `X-OpenSearch-Version` header);
 * - a user who may only write still gets a header-bearing 400 from an empty `POST /_bulk`,
 *   which writes nothing.
 * `forced` (`[elasticsearch] flavour`) skips the guess, for a proxy that drops headers.
 * @throws SearchAccessError when the credentials are refused (401);
 *   UnsupportedServerError for a server that is neither, or a refused major version;
 *   any other error when nothing answers (the caller retries).
 */
export async function detectSearchServer(client: Client, forced: FlavourSetting = 'auto'): Promise<SearchServer> {
  const root = await ask(client, 'GET', '/');
  // Elasticsearch answers a refused login without its product header, so say it before guessing.
  if (root.statusCode === 401) throw new SearchAccessError(401, errorReason(root.body) ?? 'unauthorized');
  const server = forced !== 'auto' ? await forcedServer(client, forced, root) : await guessServer(client, root);
  checkVersion(server);
  return server;
}

async function guessServer(client: Client, root: RawAnswer): Promise<SearchServer> {
  const reported = versionOf(root);
  if (isElasticsearch(root)) {
    return { flavour: 'elasticsearch', version: await rootOrNodeVersion(client, root), detail: `GET / answered ${root.statusCode} with X-Elastic-Product: Elasticsearch` };
  }
  if (reported?.distribution === 'opensearch' || openSearchHeader(root) !== undefined) {
    const version = typeof reported?.number === 'string' ? reported.number : String(openSearchHeader(root) ?? '').match(/(\d+\.\d+\.\d+)/)?.[1];
    return { flavour: 'opensearch', version, detail: `GET / answered ${root.statusCode} with ${reported?.distribution === 'opensearch' ? 'version.distribution "opensearch"' : 'X-OpenSearch-Version'}` };
  }
  // A user without `cluster:monitor/main`: an empty bulk request is refused, with the header.
  const bulk = await ask(client, 'POST', '/_bulk');
  if (isElasticsearch(bulk)) return { flavour: 'elasticsearch', version: await nodeVersion(client), detail: `an empty POST /_bulk answered ${bulk.statusCode} with X-Elastic-Product: Elasticsearch` };
  if (openSearchHeader(bulk) !== undefined) return { flavour: 'opensearch', version: undefined, detail: `an empty POST /_bulk answered ${bulk.statusCode} with X-OpenSearch-Version` };
  throw new UnsupportedServerError(
    `the server is neither Elasticsearch (no X-Elastic-Product header) nor OpenSearch (GET / answered ${root.statusCode} without version.distribution "opensearch"); ` +
      `logpipe writes to ${SUPPORTED_SERVERS}: check [elasticsearch] nodes, or set [elasticsearch] flavour if a proxy hides which it is`,
  );
}

async function forcedServer(client: Client, flavour: SearchFlavour, root: RawAnswer): Promise<SearchServer> {
  return { flavour, version: await rootOrNodeVersion(client, root), detail: 'set by [elasticsearch] flavour' };
}

/** The version `GET /` gave, else the node info's (the minimal Elasticsearch answers `GET /` with 405). */
async function rootOrNodeVersion(client: Client, root: RawAnswer): Promise<string | undefined> {
  const reported = versionOf(root)?.number;
  return typeof reported === 'string' ? reported : nodeVersion(client);
}

/** The version from the node info, which needs the `monitor` privilege; undefined without it. */
async function nodeVersion(client: Client): Promise<string | undefined> {
  const answer = await ask(client, 'GET', '/_nodes/_local?filter_path=nodes.*.version');
  const nodes = (answer.body as { nodes?: Record<string, { version?: unknown }> } | null)?.nodes;
  const version = nodes ? Object.values(nodes)[0]?.version : undefined;
  return typeof version === 'string' ? version : undefined;
}

function checkVersion(server: SearchServer): void {
  if (server.version === undefined) return;
  const major = Number(server.version.split('.')[0]);
  const tested = TESTED_MAJORS[server.flavour];
  if (major < tested[0]!) {
    throw new UnsupportedServerError(`${describeServer(server)} is older than logpipe supports (${SUPPORTED_SERVERS}): upgrade it, or point [elasticsearch] nodes at a newer one`);
  }
}

/** Whether a newer major than the matrix runs: it may work; the startup log says it is untested. */
export function untestedMajor(server: SearchServer): boolean {
  if (server.version === undefined) return false;
  const tested = TESTED_MAJORS[server.flavour];
  return Number(server.version.split('.')[0]) > tested[tested.length - 1]!;
}

export function describeServer(server: SearchServer): string {
  return `${server.flavour === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${server.version ?? '(version not readable)'}`;
}
