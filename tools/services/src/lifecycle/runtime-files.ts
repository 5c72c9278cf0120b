import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** The files every server has in its `.run/services/<server>` folder. */
export const pidFileOf = (dir: string): string => join(dir, 'pid');
/** Pid of a daemonizing launcher (Elasticsearch's CLI) while it is still starting the server. */
export const launcherPidFileOf = (dir: string): string => join(dir, 'launcher.pid');
export const lockFileOf = (dir: string): string => join(dir, 'lock');
/** The server's stdout and stderr. */
export const outputLogOf = (dir: string): string => join(dir, 'output.log');

/**
 * A JVM system property that tags our Kafka and Elasticsearch JVMs, unique per checkout, for the
 * pid check. A hash rather than the path itself because Elasticsearch splits ES_JAVA_OPTS on
 * spaces, and a checkout path may contain one.
 */
export function jvmInstanceMarker(dir: string): string {
  return `-Dlogpipe.instance=${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`;
}
