/**
 * The zone that zone-less log times (`Oct 11 22:14:15`, `2026-11-24 21:00:00`) were written in:
 * `[transform] timezone`. Offsets come from the runtime's own tz database through Intl, so no
 * dependency and the same rules as the rest of the system; they are cached per quarter hour
 * because every real offset change happens on one, and Intl is slow next to a map lookup.
 */
const QUARTER_HOUR = 900_000;
const CACHE_LIMIT = 10_000;
const UTC_NAMES = new Set(['UTC', 'ETC/UTC', 'GMT', 'ETC/GMT', 'Z', 'ZULU', 'UCT', 'ETC/UCT', 'UNIVERSAL', 'ETC/UNIVERSAL']);

export class TimeZone {
  static readonly UTC = new TimeZone('UTC', undefined);

  private readonly offsets = new Map<number, number>();

  private constructor(
    readonly name: string,
    private readonly format: Intl.DateTimeFormat | undefined,
  ) {}

  /** @throws RangeError when the runtime does not know the zone. */
  static named(name: string): TimeZone {
    if (UTC_NAMES.has(name.toUpperCase())) return TimeZone.UTC;
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    return new TimeZone(name, format);
  }

  /**
   * The UTC instant of a wall-clock time in this zone; `wall` is that time read as if it were
   * UTC. In the hour that the end of DST repeats, the second (standard-time) reading wins; a time
   * that the start of DST skips lands an hour later. Zone-less logs are ambiguous there anyway.
   */
  toUtc(wall: number): number {
    if (this.format === undefined || Number.isNaN(wall)) return wall;
    const guess = wall - this.offsetAt(wall);
    const offset = this.offsetAt(guess);
    return wall - offset;
  }

  /** Milliseconds the zone is ahead of UTC at a UTC instant. */
  offsetAt(utc: number): number {
    if (this.format === undefined) return 0;
    const bucket = Math.floor(utc / QUARTER_HOUR);
    const cached = this.offsets.get(bucket);
    if (cached !== undefined) return cached;
    const offset = this.computeOffset(bucket * QUARTER_HOUR);
    if (this.offsets.size >= CACHE_LIMIT) this.offsets.clear();
    this.offsets.set(bucket, offset);
    return offset;
  }

  private computeOffset(utc: number): number {
    let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    for (const part of this.format!.formatToParts(utc)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': day = Number(part.value); break;
        case 'hour': hour = Number(part.value) % 24; break;
        case 'minute': minute = Number(part.value); break;
        case 'second': second = Number(part.value); break;
        default: break;
      }
    }
    return Date.UTC(year, month - 1, day, hour, minute, second) - utc;
  }
}
