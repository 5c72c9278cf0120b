import type { TimeZone } from '../time/time-zone.js';
import type { Fields } from '../fields/fields.js';
import { readAccessLog } from './access-log.js';
import { readNginxErrorLog } from './nginx-error-log.js';
import type { Parser } from './parser.js';

/**
 * `apache`: combined (or common) access logs. `nginx`: the same, and nginx's error log too,
 * because one target usually collects `/var/log/nginx/*.log`, both files with one format hint.
 */
export class AccessLogParser implements Parser {
  constructor(
    readonly format: 'nginx' | 'apache',
    private readonly zone: TimeZone,
  ) {}

  parse(line: string, document: Fields): string | undefined {
    if (readAccessLog(line, document)) return undefined;
    if (this.format === 'nginx') {
      if (readNginxErrorLog(line, document, this.zone)) return undefined;
      return 'nginx: the line is neither a combined access log line nor an error log line';
    }
    return 'apache: the line is not a combined or common access log line';
  }
}
