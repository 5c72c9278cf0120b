import type { Colour } from '../cli/colour.js';

/** The fields a line needs, read defensively: foreign messages lack the agent's fields. */
export interface LogDocument {
  '@timestamp'?: string;
  message?: string;
  host?: { name?: string };
  log?: { file?: { path?: string }; offset?: number; level?: string };
  [field: string]: unknown;
}

/**
 * One document as a grep-like line: `2026-01-15T10:00:00.000Z web-1 /var/log/app.log: the line`.
 * On a terminal the parts are coloured like `grep -H` and the phrase searched for is highlighted.
 */
export function formatHit(document: LogDocument, colour: Colour, phrase: string | undefined): string {
  const timestamp = document['@timestamp'] ?? '-';
  const host = document.host?.name ?? '-';
  const file = document.log?.file?.path ?? '-';
  const message = document.message ?? '';
  return `${colour.dim(timestamp)} ${colour.cyan(host)} ${colour.magenta(file)}${colour.cyan(':')} ${highlight(message, phrase, colour)}`;
}

function highlight(message: string, phrase: string | undefined, colour: Colour): string {
  if (!colour.enabled || !phrase) return message;
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\W+');
  return message.replace(new RegExp(escaped, 'gi'), (match) => colour.bold(colour.red(match)));
}
