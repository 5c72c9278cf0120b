/**
 * How one document's bulk result is handled, after Vector's Elasticsearch retry logic:
 * 429 and 5xx are the server's trouble and are retried; any other 4xx (a mapping conflict, a
 * malformed document) will fail the same way forever and goes to the dead-letter topic.
 */
export type Outcome = 'retry' | 'dead-letter';

export function classifyStatus(status: number): Outcome {
  return status === 429 || status >= 500 ? 'retry' : 'dead-letter';
}
