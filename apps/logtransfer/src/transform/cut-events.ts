import type { TopicRoute } from '../routes/route-table.js';
import { plainDocument, splicedDocument } from './spliced-document.js';
import type { MessageSource, PreparedDocument } from './to-document.js';
import type { Transform } from './transform.js';
import { readWireLayout } from './wire-layout.js';

/**
 * The fast path for agent events when `[transform]` has no `drop_when` and no `add_fields`: the
 * document is cut out of the event's wire text (see wire-layout.ts) instead of parsing the
 * event's JSON and serialising the document again, which was the transfer's largest cost per
 * event. A `plain` event's document is the text minus `logpipe` plus `event.ingested`; a parsed
 * one gets its parser's fields spliced in (spliced-document.ts).
 *
 * @param minVersion 1 for a message that is one event, 2 for one line of a pack (a pack holds
 *   v2 events only).
 * @returns false, having added nothing, when the event is not laid out as the agent lays it out
 *   or its parser wrote what only the general path can merge; that path then makes its document.
 */
export function appendCutDocument(
  text: string,
  minVersion: number,
  packed: boolean,
  ingested: string,
  route: TopicRoute,
  transform: Transform,
  source: MessageSource,
  out: PreparedDocument[],
): boolean {
  const layout = readWireLayout(text, minVersion);
  if (layout === undefined) return false;
  const format = route.format ?? layout.format;
  const cut = format === 'plain' ? plainDocument(text, layout, ingested) : splicedDocument(text, layout, format, ingested, transform);
  if (cut === undefined) return false;
  const document: PreparedDocument = { index: route.indexName(cut.timestamp), id: layout.id, body: cut.body, source };
  if (packed) document.line = text;
  out.push(document);
  return true;
}
