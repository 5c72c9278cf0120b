import { civilToMillis, fractionToMillis, MONTH_NAMES, monthNumber, offsetToMillis } from '../time/civil-time.js';
import { withInferredYear } from '../time/timestamp-parser.js';
import type { TimeZone } from '../time/time-zone.js';
import { objectField, type Fields } from '../fields/fields.js';
import { isPriority, writePriority } from './syslog-priority.js';

/**
 * RFC 3164 (BSD syslog) and what syslog daemons write to files:
 *
 * - `<34>Oct 11 22:14:15 mymachine su: 'su root' failed` (on the wire, with PRI)
 * - `Oct 11 22:14:15 mymachine su[123]: 'su root' failed` (traditional /var/log/syslog)
 * - `2026-11-24T21:00:00.123456+00:00 mymachine su[123]: …` (rsyslog's RSYSLOG_FileFormat)
 *
 * The traditional time has no year and no zone: it is read in `[transform] timezone`, with the
 * year inferred from the read time. The TAG (`su`, `sshd[123]`) is optional: without one, such as
 * `last message repeated 3 times`, the whole rest is the message.
 */
const LINE = new RegExp(
  '^(?:<(\\d{1,3})>)?' +
    `(?:(${MONTH_NAMES}) (\\d\\d?| \\d) (\\d\\d):(\\d\\d):(\\d\\d)` +
    '|(\\d{4})-(\\d\\d)-(\\d\\d)T(\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,9}))?([Zz]|[+-]\\d\\d:\\d\\d))' +
    ' (\\S+) ' +
    '(?:([^\\s\\[\\]:]{1,64})(?:\\[([^\\]\\s]{1,32})\\])?:(?: |$))?' +
    '([\\s\\S]*)$',
);
const NUMERIC = /^\d+$/;

/** Writes the line's fields and returns undefined, or returns what failed and writes nothing. */
export function readSyslog3164(line: string, document: Fields, zone: TimeZone): string | undefined {
  const m = LINE.exec(line);
  if (m === null) return 'syslog: the line is neither RFC 5424 nor RFC 3164 (TIMESTAMP HOSTNAME [TAG:] MESSAGE)';
  const [, pri, monthName, day, hour, minute, second, year, month, isoDay, isoHour, isoMinute, isoSecond, fraction, offset, hostname, tag, pid, message] = m;
  const priority = pri === undefined ? undefined : Number(pri);
  if (priority !== undefined && !isPriority(priority)) return `syslog: priority <${pri}> is not 0 to 191`;
  const time =
    monthName !== undefined
      ? withInferredYear(monthNumber(monthName), Number(day), Number(hour), Number(minute), Number(second), 0, zone, document['@timestamp'] as string)
      : civilToMillis(Number(year), Number(month), Number(isoDay), Number(isoHour), Number(isoMinute), Number(isoSecond), fractionToMillis(fraction)) -
        offsetToMillis(offset!);
  if (Number.isNaN(time)) return 'syslog: the timestamp is not a valid date';

  if (priority !== undefined) writePriority(document, priority);
  document['@timestamp'] = new Date(time).toISOString();
  objectField(document, 'host').hostname = hostname;
  if (tag !== undefined) {
    const process = objectField(document, 'process');
    process.name = tag;
    if (pid !== undefined && NUMERIC.test(pid)) process.pid = Number(pid);
  }
  document.message = message;
  return undefined;
}
