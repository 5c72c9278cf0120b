import { civilToMillis } from '../time/civil-time.js';
import type { TimeZone } from '../time/time-zone.js';
import { normalizeLevel } from '../fields/log-level.js';
import { objectField, type Fields } from '../fields/fields.js';

/**
 * nginx's error log, which has one fixed format:
 *
 * `2026/11/24 21:00:00 [error] 1234#1234: *5 open() "/srv/x" failed (2: No such file or directory), client: …`
 *
 * The time has no zone: the server's local time, read in `[transform] timezone`. `message`
 * becomes the text after the connection number, as Filebeat's nginx module does.
 */
const ERROR_LOG = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[([a-z]+)\] (\d+)#(\d+): (?:\*(\d+) )?([\s\S]*)$/;

/** Writes the line's fields and returns true, or returns false and writes nothing. */
export function readNginxErrorLog(line: string, document: Fields, zone: TimeZone): boolean {
  const m = ERROR_LOG.exec(line);
  if (m === null) return false;
  const [, year, month, day, hour, minute, second, level, pid, tid, connection, message] = m;
  const time = zone.toUtc(civilToMillis(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), 0));
  if (Number.isNaN(time)) return false;
  document['@timestamp'] = new Date(time).toISOString();
  document.message = message;
  objectField(document, 'log').level = normalizeLevel(level!);
  document.process = { pid: Number(pid), thread: { id: Number(tid) } };
  if (connection !== undefined) document.nginx = { error: { connection_id: Number(connection) } };
  return true;
}
