import type { Client } from '@elastic/elasticsearch';
import { classifyStatus, isAccessStatus } from './bulk-outcome.js';
import { BulkBody, actionPrefix } from './bulk-body.js';
import type { RequestGate } from './request-gate.js';
import type { DocumentBatch } from '../transform/batch-documents.js';
import type { PreparedDocument } from '../transform/to-document.js';

export interface DeadLetter {
  document: PreparedDocument;
  status: number;
  reason: string;
}

/** A refusal (401, 403) shaped like a client error, for `describeAccessFailure`. */
export interface Refusal {
  meta: { statusCode: number; body: { error: unknown } };
}

export interface BulkPassOptions {
  client: Client;
  /** Every bulk request of the worker waits its turn here. */
  gate: RequestGate;
  /** A request is sent once its body holds this many bytes. */
  flushBytes: number;
  /** Requests of this pass in flight at once; the gate may allow fewer. */
  concurrency: number;
  /** `create` for data streams, `index` for daily indices. */
  operation: 'index' | 'create';
  /** Only what the outcome needs comes back: statuses and errors, in request order. */
  filterPath: string;
}

/** What one pass over a batch's documents came to. */
export interface BulkPass {
  /** Documents Elasticsearch has (a `create` refused with 409 included: it is already there). */
  indexed: number;
  /** Bytes of the requests Elasticsearch answered. */
  bytes: number;
  /** Rejected with a retriable status (429, 5xx, 401, 403), in batch order. */
  retry: PreparedDocument[];
  /** Whether every document in `retry` got a 429, which is worth a quick retry. */
  onlyTooMany: boolean;
  /** Rejected for good, in batch order. */
  deadLetters: DeadLetter[];
  /** Where the dead letters were among the pass's documents (0 is the first). */
  deadPositions: Set<number>;
  /** Set when a request failed as a whole: its documents, and any never sent, have no outcome. */
  requestError?: unknown;
  refused?: Refusal | undefined;
}

interface Rejection {
  /** The document's place in the batch: it is found again there, and kept in batch order. */
  at: number;
  status: number;
  error: unknown;
}

interface BulkItem {
  status: number;
  error?: unknown;
}

type BulkResponse = { errors?: boolean; items?: Record<string, BulkItem>[] };

/**
 * Sends documents as bulk requests of about `flushBytes`, up to `concurrency` at a time, and
 * reads each item's status back by its position in the request.
 *
 * The client's `helpers.bulk` did this before, with work for every document that this does
 * not do: an awaited promise, a timer refresh, an action object serialised to JSON and two UTF-8
 * measurements, then a search for each rejected document by index and id. Here each document is
 * written once, straight into its request's body (see `BulkBody`), and its outcome is read by
 * its position. (In the transfer benchmark the whole transfer's CPU did not change measurably,
 * its rate rose 0 to 20%: bench/README.md.)
 *
 * Documents are drawn as requests fill, and none is kept once it is in a body: a rejected one
 * is found again by its position (a lazy batch makes the messages of those documents again),
 * so documents die young instead of living on, tens of megabytes of them, until their request
 * is answered (8% less CPU for the transfer: bench/README.md).
 *
 * After a failed request no further request is started: what has no outcome is sent again by
 * the caller. An aborted signal stops it the same way.
 */
export async function bulkPass(documents: readonly PreparedDocument[] | DocumentBatch, options: BulkPassOptions, signal: AbortSignal): Promise<BulkPass> {
  const prefixes = new Map<string, Buffer>();
  const inFlight = new Set<Promise<void>>();
  const rejections: Rejection[] = [];
  const pass: BulkPass = { indexed: 0, bytes: 0, retry: [], onlyTooMany: true, deadLetters: [], deadPositions: new Set() };
  const body = new BulkBody(options.flushBytes);
  let first = 0;

  const send = (): void => {
    const count = body.count;
    const request = requestOnce(options, body.take(), count, first, pass, rejections).finally(() => inFlight.delete(request));
    inFlight.add(request);
    first += count;
  };

  for (const document of documents) {
    let prefix = prefixes.get(document.index);
    if (prefix === undefined) prefixes.set(document.index, (prefix = actionPrefix(options.operation, document.index)));
    body.append(prefix, document.id, document.body);
    if (body.bytes < options.flushBytes) continue;
    send();
    // Let the request leave before the next one is built; wait when this pass has enough out.
    if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    else await new Promise(setImmediate);
    if (signal.aborted || pass.requestError !== undefined) break;
  }
  if (body.count > 0 && !signal.aborted && pass.requestError === undefined) send();
  await Promise.all(inFlight);

  rejections.sort((a, b) => a.at - b.at);
  const positions = rejections.map((r) => r.at);
  const rejected = rejections.length === 0 ? [] : Array.isArray(documents) ? positions.map((at) => documents[at]!) : (documents as DocumentBatch).at(positions);
  for (const [i, { at, status, error }] of rejections.entries()) {
    const document = rejected[i]!;
    if (classifyStatus(status) === 'retry') {
      pass.retry.push(document);
      if (status !== 429) pass.onlyTooMany = false;
      if (isAccessStatus(status)) pass.refused ??= { meta: { statusCode: status, body: { error } } };
    } else {
      pass.deadLetters.push({ document, status, reason: JSON.stringify(error) });
      pass.deadPositions.add(at);
    }
  }
  return pass;
}

/** One request, through the gate; its outcome is added to `pass` and `rejections`. */
async function requestOnce(options: BulkPassOptions, body: Buffer, count: number, first: number, pass: BulkPass, rejections: Rejection[]): Promise<void> {
  let response: BulkResponse;
  try {
    response = (await options.gate.run(() => options.client.bulk({ body, filter_path: options.filterPath } as never))) as BulkResponse;
  } catch (err) {
    pass.requestError ??= err;
    return;
  }
  pass.bytes += body.length;
  if (response.errors !== true) {
    pass.indexed += count;
    return;
  }
  const items = response.items ?? [];
  for (let i = 0; i < count; i++) {
    const item = items[i];
    const result = item && (item.index ?? item.create);
    const status = result?.status ?? 0;
    // On `create`, 409 says the document is already there: a replay, so it counts as accepted.
    if ((status >= 200 && status < 300) || (status === 409 && options.operation === 'create')) pass.indexed++;
    else rejections.push({ at: first + i, status: status || 500, error: result?.error ?? { reason: 'no item in the bulk response' } });
  }
}
