/**
 * How one document's bulk result is handled, after Vector's Elasticsearch retry logic:
 * 429 and 5xx are the server's trouble and are retried; any other 4xx (a mapping conflict, a
 * malformed document) will fail the same way forever and goes to the dead-letter topic.
 *
 * Except 401 and 403: the credentials or the role are wrong, not the document. Dead-lettering
 * would commit every batch past a misconfiguration; retrying holds them uncommitted until the
 * operator fixes the user or its privileges, which the server checks on every request.
 */
export type Outcome = 'retry' | 'dead-letter';

export function classifyStatus(status: number): Outcome {
  return status === 429 || status === 401 || status === 403 || status >= 500 ? 'retry' : 'dead-letter';
}

/** Whether a status is a refusal the operator must fix (logged as an error, not a warning). */
export const isAccessStatus = (status: number | undefined): boolean => status === 401 || status === 403;
