import { ownValue, setOwn, type Fields } from '../fields/fields.js';

/**
 * RFC 5424 STRUCTURED-DATA (§6.3): `-`, or elements like `[exampleSDID@32473 iut="3" eventSource="App"]`.
 * Written as ECS `log.syslog.structured_data`: `{"exampleSDID@32473": {"iut": "3", …}}`. A
 * parameter that repeats in one element (allowed by the RFC) becomes an array.
 */
export type StructuredDataResult = { data: Fields | undefined; end: number } | { error: string };

const PARAM_VALUE_ESCAPE = /\\(["\\\]])/g;

/** Reads structured data starting at `start`; `end` is the index right after it. */
export function readStructuredData(text: string, start: number): StructuredDataResult {
  if (text[start] === '-') return { data: undefined, end: start + 1 };
  if (text[start] !== '[') return { error: `syslog: structured data must be "-" or start with "[" (column ${start + 1})` };
  const data: Fields = {};
  let i = start;
  while (text[i] === '[') {
    const idEnd = nameEnd(text, i + 1);
    if (idEnd === i + 1) return { error: `syslog: structured data element without an SD-ID (column ${i + 2})` };
    const id = text.slice(i + 1, idEnd);
    // RFC 5424 forbids repeating an SD-ID; if a sender does, its parameters are merged.
    const element = (ownValue(data, id) as Fields | undefined) ?? {};
    setOwn(data, id, element);
    i = idEnd;
    while (text[i] === ' ') {
      const paramEnd = nameEnd(text, i + 1);
      if (paramEnd === i + 1 || text[paramEnd] !== '=' || text[paramEnd + 1] !== '"') {
        return { error: `syslog: expected PARAM-NAME="value" in structured data (column ${i + 2})` };
      }
      const name = text.slice(i + 1, paramEnd);
      const valueStart = paramEnd + 2;
      const valueEnd = closingQuote(text, valueStart);
      if (valueEnd === -1) return { error: `syslog: unterminated structured data value (column ${valueStart})` };
      const raw = text.slice(valueStart, valueEnd);
      const value = raw.includes('\\') ? raw.replace(PARAM_VALUE_ESCAPE, '$1') : raw;
      const previous = ownValue(element, name);
      setOwn(element, name, previous === undefined ? value : Array.isArray(previous) ? [...(previous as string[]), value] : [previous, value]);
      i = valueEnd + 1;
    }
    if (text[i] !== ']') return { error: `syslog: expected "]" to close structured data element ${id} (column ${i + 1})` };
    i++;
  }
  return { data, end: i };
}

/** SD-NAME: printable US-ASCII except `=`, space, `]` and `"` (RFC 5424 §6). */
function nameEnd(text: string, start: number): number {
  let i = start;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code >= 127 || code === 0x3d /* = */ || code === 0x5d /* ] */ || code === 0x22 /* " */) break;
  }
  return i;
}

/** Index of the `"` that ends a PARAM-VALUE: `\"`, `\\` and `\]` are escapes. */
function closingQuote(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5c /* \ */) i++;
    else if (code === 0x22 /* " */) return i;
  }
  return -1;
}
