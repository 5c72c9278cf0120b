import type { TimeZone } from '../time/time-zone.js';
import type { Fields } from '../fields/fields.js';
import type { Parser } from './parser.js';
import { readSyslog3164 } from './syslog-3164.js';
import { NOT_RFC5424, readSyslog5424 } from './syslog-5424.js';

/** `syslog`: RFC 5424 when the line starts `<PRI>VERSION `, else RFC 3164 and its file variants. */
export class SyslogParser implements Parser {
  readonly format = 'syslog';

  constructor(private readonly zone: TimeZone) {}

  parse(line: string, document: Fields): string | undefined {
    if (line.charCodeAt(0) === 0x3c /* < */) {
      const failure = readSyslog5424(line, document, this.zone);
      if (failure !== NOT_RFC5424) return failure;
    }
    return readSyslog3164(line, document, this.zone);
  }
}
