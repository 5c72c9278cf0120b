import { isIP } from 'node:net';
import { civilToMillis, monthNumber, offsetToMillis } from '../time/civil-time.js';
import { objectField, type Fields } from '../fields/fields.js';

// "Unrolled" form of "((?:[^"\\]|\\.)*)": the same strings, without an alternation per character.
const QUOTED_BODY = '[^"\\\\]*(?:\\\\.[^"\\\\]*)*';
const QUOTED = `"(${QUOTED_BODY})"`;

/**
 * The combined log format, which nginx and Apache share (and its shorter "common" form without
 * referrer and user agent):
 *
 * `203.0.113.9 - alice [10/Oct/2000:13:55:36 -0700] "GET /a?b=1 HTTP/1.1" 200 2326 "http://ref/" "Mozilla/5.0"`
 *
 * Quoted fields are kept as the server escaped them (nginx writes `"` as `\x22`, Apache as
 * `\"`): that is what a search for the raw line finds. A request that is not `METHOD target
 * [HTTP/x]` (a TLS handshake sent to a plain-HTTP port logs as `"\x16\x03\x01"`) is still a valid
 * line: it gets no `http.request.method` and no `url.*`. Text after the user agent (nginx's
 * `"$http_x_forwarded_for"` in its `main` format, timings) is allowed and left in `message`.
 */
const ACCESS_LOG = new RegExp(
  '^(\\S+) \\S+ (\\S+) ' +
    '\\[(\\d\\d)/([A-Z][a-z]{2})/(\\d{4}):(\\d\\d):(\\d\\d):(\\d\\d) ([+-]\\d{4})\\] ' +
    `"(?:([A-Za-z]+) ([^\\s"]+)(?: HTTP/(\\d+(?:\\.\\d+)?))?|${QUOTED_BODY})" ` +
    '(\\d{3}) (\\d+|-)' +
    `(?: ${QUOTED} ${QUOTED})?` +
    '(?:\\s.*)?$',
);

/** Writes the line's fields and returns true, or returns false and writes nothing. */
export function readAccessLog(line: string, document: Fields): boolean {
  const m = ACCESS_LOG.exec(line);
  if (m === null) return false;
  const [, client, user, day, monthName, year, hour, minute, second, offset, method, target, version, status, bytes, referrer, agent] = m;
  const wall = civilToMillis(Number(year), monthNumber(monthName!), Number(day), Number(hour), Number(minute), Number(second), 0);
  const time = wall - offsetToMillis(offset!);
  if (Number.isNaN(time)) return false;

  document['@timestamp'] = isoTime(time);
  document.source = isIP(client!) !== 0 ? { address: client, ip: client } : { address: client, domain: client };
  if (user !== '-') objectField(document, 'user').name = user;
  const http: Fields = {};
  const request: Fields = {};
  if (method !== undefined) {
    request.method = method.toUpperCase();
    const url: Fields = { original: target };
    // Origin-form targets only: `http://host/x` (a proxy request), `host:443` (CONNECT) and `*`
    // (OPTIONS) have no path of their own worth splitting.
    if (target!.charCodeAt(0) === 0x2f /* / */) {
      const question = target!.indexOf('?');
      if (question === -1) {
        url.path = target;
      } else {
        url.path = target!.slice(0, question);
        if (question + 1 < target!.length) url.query = target!.slice(question + 1);
      }
    }
    document.url = url;
  }
  if (referrer !== undefined && referrer !== '-') request.referrer = referrer;
  if (method !== undefined || request.referrer !== undefined) http.request = request;
  if (version !== undefined) http.version = version;
  http.response = bytes === '-' ? { status_code: Number(status) } : { status_code: Number(status), body: { bytes: Number(bytes) } };
  document.http = http;
  if (agent !== undefined && agent !== '-') document.user_agent = { original: agent };
  return true;
}

/**
 * `toISOString()` of the last time seen: an access log has whole seconds, so the lines of a
 * busy server share theirs, and formatting a Date cost more than the rest of a line's parsing
 * (bench/transfer-documents.mjs).
 */
let lastTime = Number.NaN;
let lastIso = '';
function isoTime(time: number): string {
  if (time !== lastTime) {
    lastIso = new Date(time).toISOString();
    lastTime = time;
  }
  return lastIso;
}
