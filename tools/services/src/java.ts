import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ServicesError } from './errors.js';

/**
 * The JDK that runs Kafka and Elasticsearch: JAVA_HOME when set, else the one `java` on PATH
 * belongs to. Elasticsearch needs it as ES_JAVA_HOME because this distribution bundles no JDK.
 */
export function javaHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JAVA_HOME && existsSync(join(env.JAVA_HOME, 'bin', 'java'))) return env.JAVA_HOME;
  let java: string;
  try {
    java = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8', env }).trim();
  } catch {
    throw new ServicesError('java not found: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME');
  }
  // /usr/bin/java -> /etc/alternatives/java -> /usr/lib/jvm/<jdk>/bin/java
  return dirname(dirname(realpathSync(java)));
}

export function javaBinary(env: NodeJS.ProcessEnv = process.env): string {
  return join(javaHome(env), 'bin', 'java');
}
