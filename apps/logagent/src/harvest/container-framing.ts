/**
 * The framing container runtimes put around each line a container writes, taken apart.
 *
 * - **cri** (containerd, CRI-O): `<RFC 3339 time> <stdout|stderr> <tags> <content>`, where the
 *   first tag is `P` for a partial line (the runtime splits lines longer than 16 KiB) and `F`
 *   for the part that ends it.
 * - **docker** (the json-file driver): `{"log":"<content>\n","stream":"stdout","time":"…"}`;
 *   a `log` without its final newline is a partial line (Docker also splits at 16 KiB).
 *
 * One result object is reused for every line: this runs once per line.
 */
export interface FramedLine {
  content: string;
  /** The runtime's time, as `Date.prototype.toISOString()` writes it (millisecond precision). */
  time: string;
  stream: string;
  partial: boolean;
}

/** RFC 3339 in UTC with at least milliseconds: cut to milliseconds without parsing a date. */
const UTC_WITH_FRACTION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,9}Z$/;

/** Fills `into` from a CRI line; false when the line does not have CRI's framing. */
export function readCriLine(line: string, into: FramedLine): boolean {
  const afterTime = line.indexOf(' ');
  if (afterTime <= 0) return false;
  const afterStream = line.indexOf(' ', afterTime + 1);
  if (afterStream < 0) return false;
  const stream = line.slice(afterTime + 1, afterStream);
  if (stream !== 'stdout' && stream !== 'stderr') return false;
  let afterTags = line.indexOf(' ', afterStream + 1);
  // An empty line may come without the space before its (empty) content.
  if (afterTags < 0) afterTags = line.length;
  const tags = line.slice(afterStream + 1, afterTags);
  const tag = tags.charCodeAt(0);
  if ((tag !== 0x50 /* P */ && tag !== 0x46) /* F */ || (tags.length > 1 && tags.charCodeAt(1) !== 0x3a) /* : */) return false;
  const time = isoTime(line.slice(0, afterTime));
  if (time === undefined) return false;
  into.time = time;
  into.stream = stream;
  into.partial = tag === 0x50;
  into.content = afterTags < line.length ? line.slice(afterTags + 1) : '';
  return true;
}

/** Fills `into` from a json-file line; false when it is not one. */
export function readDockerLine(line: string, into: FramedLine): boolean {
  if (line.charCodeAt(0) !== 0x7b /* { */) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return false;
  }
  const { log, stream, time } = parsed as { log?: unknown; stream?: unknown; time?: unknown };
  if (typeof log !== 'string' || typeof stream !== 'string' || typeof time !== 'string') return false;
  const iso = isoTime(time);
  if (iso === undefined) return false;
  const complete = log.endsWith('\n');
  into.content = complete ? log.slice(0, log.endsWith('\r\n') ? -2 : -1) : log;
  into.time = iso;
  into.stream = stream;
  into.partial = !complete;
  return true;
}

/** The runtime's RFC 3339 time (nanoseconds, any offset) as a 24-character UTC ISO string. */
function isoTime(text: string): string | undefined {
  // The usual case, `2026-12-03T10:00:00.123456789Z`: the first 23 characters are already it.
  if (UTC_WITH_FRACTION.test(text)) return text.slice(0, 23) + 'Z';
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !text.includes('T')) return undefined;
  const iso = new Date(ms).toISOString();
  // Years past 9999 have another length, which the wire layout does not allow.
  return iso.length === 24 ? iso : undefined;
}
