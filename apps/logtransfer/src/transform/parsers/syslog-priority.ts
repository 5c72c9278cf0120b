import { SYSLOG_SEVERITY_LEVELS } from '../fields/log-level.js';
import { objectField, type Fields } from '../fields/fields.js';

/** RFC 5424 §6.2.1 facility codes 0–23, by their syslog(3) names. */
const FACILITIES: readonly string[] = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

/** RFC 5424 §6.2.1 severities 0–7, spelled as ECS's example (`Error`) and Filebeat do. */
const SEVERITIES: readonly string[] = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'];

/** `<PRI>` must be 0–191 (facility 23, severity 7); anything else is not syslog. */
export function isPriority(priority: number): boolean {
  return priority >= 0 && priority <= 191;
}

/** `log.syslog.priority`, facility and severity (code and name), and `log.level` from the severity. */
export function writePriority(document: Fields, priority: number): Fields {
  const log = objectField(document, 'log');
  const facility = priority >> 3;
  const severity = priority & 7;
  log.level = SYSLOG_SEVERITY_LEVELS[severity];
  const syslog: Fields = {
    priority,
    facility: { code: facility, name: FACILITIES[facility] },
    severity: { code: severity, name: SEVERITIES[severity] },
  };
  log.syslog = syslog;
  return syslog;
}
