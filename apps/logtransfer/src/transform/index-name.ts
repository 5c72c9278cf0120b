import { parseIndexPattern, type IndexPatternPart } from '@logpipe/schemas';

/**
 * Index names of one topic: an index pattern such as `logs-{topic}-{yyyy.MM.dd}` with the topic
 * already filled in, as a function of the event's timestamp. It runs once per document, so it
 * is compiled once per route and remembers the last day it named: consecutive events of one
 * partition nearly always share their day, and then the name is returned as it is.
 */
export type TopicIndexNamer = (isoTimestamp: string) => string;

/** An index pattern, checked and split into its parts once, at startup or when a route arrives. */
export class IndexPattern {
  readonly parts: readonly IndexPatternPart[];

  /** @throws Error naming the pattern and what is wrong with it. */
  constructor(readonly pattern: string) {
    this.parts = parseIndexPattern(pattern);
  }

  /** The namer for `topic`; the topic is lower-cased, because index names cannot hold capitals. */
  forTopic(topic: string): TopicIndexNamer {
    // Literal text and the topic merge into fixed strings; only the date parts vary.
    const segments: string[] = [];
    const dates: string[] = [];
    let fixed = '';
    for (const part of this.parts) {
      if (part.kind === 'text') fixed += part.text;
      else if (part.kind === 'topic') fixed += topic.toLowerCase();
      else {
        segments.push(fixed);
        dates.push(part.format);
        fixed = '';
      }
    }
    const tail = fixed;
    if (dates.length === 0) return () => tail;
    let lastDay = '';
    let lastName = '';
    return (isoTimestamp) => {
      // startsWith: no string made for the common case, the same day as the last event.
      if (lastDay !== '' && isoTimestamp.startsWith(lastDay) && isUtcIso(isoTimestamp)) return lastName;
      const key = dayKey(isoTimestamp);
      const [y, m, d] = utcDay(isoTimestamp);
      let name = '';
      for (let i = 0; i < dates.length; i++) name += segments[i]! + formatDay(dates[i]!, y, m, d);
      name += tail;
      if (key !== undefined) {
        lastDay = key;
        lastName = name;
      }
      return name;
    };
  }
}

/** `{yyyy.MM.dd}` with the day's parts. */
function formatDay(format: string, y: string, m: string, d: string): string {
  return format.replace(/yyyy|MM|dd/g, (token) => (token === 'yyyy' ? y : token === 'MM' ? m : d));
}

/** A UTC `…Z` timestamp, the form nearly every event has: its first 10 characters are its day. */
function isUtcIso(iso: string): boolean {
  return iso.length >= 20 && iso.charCodeAt(iso.length - 1) === 0x5a /* Z */ && iso.charCodeAt(4) === 0x2d /* - */;
}

/** `2026-11-24` for a UTC `…Z` timestamp; undefined for others. */
function dayKey(iso: string): string | undefined {
  return isUtcIso(iso) ? iso.slice(0, 10) : undefined;
}

/** [yyyy, MM, dd] of a timestamp in UTC; the common `…Z` form is sliced without a Date. */
function utcDay(iso: string): [string, string, string] {
  if (dayKey(iso) !== undefined) return [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const date = new Date(iso);
  const valid = Number.isNaN(date.getTime()) ? new Date() : date;
  return [String(valid.getUTCFullYear()), String(valid.getUTCMonth() + 1).padStart(2, '0'), String(valid.getUTCDate()).padStart(2, '0')];
}
