import { Client, SniffingTransport, type ClientOptions } from '@elastic/elasticsearch';

type TransportOptions = ConstructorParameters<typeof SniffingTransport>[0];

/**
 * The Elasticsearch client's transport with two things turned off, so that one client (and one
 * bulk path, the client's `bulk`) serves Elasticsearch 8.19 and 9.x and OpenSearch 2.19 and 3.x:
 * - the product check, which fails every 2xx answer without an `X-Elastic-Product: Elasticsearch`
 *   header, and OpenSearch sends none;
 * - the vendored media types (`application/vnd.elasticsearch+json; compatible-with=8`), which
 *   OpenSearch refuses with 406. Plain `application/json` is what every other client sends; the
 *   8.19 client's requests are valid 9.x requests, which the compatibility matrix checks.
 * Which server it is comes from `detectSearchServer`, once, before anything is written.
 */
export class AnyFlavourTransport extends SniffingTransport {
  constructor(options: TransportOptions) {
    super({
      ...options,
      productCheck: undefined,
      vendoredHeaders: { jsonContentType: 'application/json', ndjsonContentType: 'application/x-ndjson', accept: 'application/json, text/plain' },
    });
  }
}

/** A client for Elasticsearch or OpenSearch: every part of logpipe creates its client here. */
export function createSearchClient(options: ClientOptions): Client {
  return new Client({ ...options, Transport: AnyFlavourTransport });
}
