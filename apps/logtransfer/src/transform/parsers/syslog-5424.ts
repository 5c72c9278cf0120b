import { ISO_8601 } from '../time/timestamp-format.js';
import { matchToMillis } from '../time/timestamp-parser.js';
import type { TimeZone } from '../time/time-zone.js';
import { objectField, type Fields } from '../fields/fields.js';
import { readStructuredData } from './structured-data.js';
import { isPriority, writePriority } from './syslog-priority.js';

/**
 * RFC 5424: `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`, e.g.
 * `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] msg`.
 * `-` is the nil value of each header field. Structured data is read by a scanner, because its
 * quoted values may hold spaces and escaped brackets that a regex would misread.
 */
const HEADER = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /;
const NUMERIC = /^\d+$/;
const BOM = '\uFEFF';

/** Returned, as this very string, when the line has no RFC 5424 header: the caller tries RFC 3164. */
export const NOT_RFC5424 = 'syslog: not an RFC 5424 header';

/**
 * Writes the line's fields and returns undefined, or returns what failed and writes nothing.
 * A line with the header is RFC 5424 for good: its later errors are reported as such.
 */
export function readSyslog5424(line: string, document: Fields, zone: TimeZone): string | undefined {
  const m = HEADER.exec(line);
  if (m === null) return NOT_RFC5424;
  const [header, pri, , timestamp, hostname, appName, procId, msgId] = m;
  const priority = Number(pri);
  if (!isPriority(priority)) return `syslog: priority <${pri}> is not 0 to 191`;
  let time: number | undefined;
  if (timestamp !== '-') {
    const match = ISO_8601.whole.exec(timestamp!);
    // RFC 3339 always has a year, so no read time is needed to infer one.
    time = match === null ? NaN : matchToMillis(match, ISO_8601, zone, '');
    if (Number.isNaN(time)) return `syslog: timestamp ${JSON.stringify(timestamp)} is not RFC 3339`;
  }
  const sd = readStructuredData(line, header.length);
  if ('error' in sd) return sd.error;
  if (sd.end < line.length && line.charCodeAt(sd.end) !== 0x20) return `syslog: expected a space after the structured data (column ${sd.end + 1})`;

  const syslog = writePriority(document, priority);
  syslog.version = Number(m[2]);
  if (sd.data !== undefined) syslog.structured_data = sd.data;
  if (time !== undefined) document['@timestamp'] = new Date(time).toISOString();
  if (hostname !== '-') objectField(document, 'host').hostname = hostname;
  if (appName !== '-' || procId !== '-') {
    const process = objectField(document, 'process');
    if (appName !== '-') process.name = appName;
    // PROCID is often a pid but may be any token; only a number is a `process.pid`.
    if (procId !== '-') {
      if (NUMERIC.test(procId!)) process.pid = Number(procId);
      else syslog.procid = procId;
    }
  }
  if (msgId !== '-') objectField(document, 'event').code = msgId;
  // Without MSG the line itself stays the message: the structured data is then all there is.
  if (sd.end < line.length) {
    const message = line.slice(sd.end + 1);
    document.message = message.startsWith(BOM) ? message.slice(1) : message;
  }
  return undefined;
}
