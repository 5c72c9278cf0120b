import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ServicesError } from './errors.js';
import type { JavaRange } from './releases.js';

/** A JDK found on this machine. */
export interface Jdk {
  home: string;
  major: number;
  /** Where it was found: JAVA_HOME, PATH or the JVM folder. */
  source: string;
}

export const JVM_DIR = '/usr/lib/jvm';

/** The major of the JDK at `home`, from its `release` file (`JAVA_VERSION="17.0.13"`), else `java -version`. */
export function jdkMajor(home: string): number | undefined {
  const java = join(home, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  const release = join(home, 'release');
  let version: string | undefined;
  if (existsSync(release)) version = /^JAVA_VERSION="([^"]+)"/m.exec(readFileSync(release, 'utf8'))?.[1];
  if (version === undefined) {
    try {
      // `java -version` writes to stderr: `openjdk version "17.0.13" 2024-10-15`.
      const out = execFileSync(java, ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      version = /version "([^"]+)"/.exec(out)?.[1];
    } catch (err) {
      version = /version "([^"]+)"/.exec(String((err as { stderr?: unknown }).stderr ?? ''))?.[1];
    }
  }
  if (version === undefined) return undefined;
  // "1.8.0_392" is Java 8; "17.0.13", "25" are what they say.
  const [first, second] = version.split(/[.+_-]/).map(Number);
  return first === 1 ? second : first;
}

/** Every JDK in sight, in order of preference: JAVA_HOME, the `java` on PATH, then the JVM folder, newest first. */
export function candidateJdks(env: NodeJS.ProcessEnv, jvmDir = JVM_DIR, major: (home: string) => number | undefined = jdkMajor): Jdk[] {
  const seen = new Set<string>();
  /** The JDK at `home`, unless it is not one or was already found by another path. */
  const jdkAt = (home: string, source: string): Jdk[] => {
    let real: string;
    try {
      real = realpathSync(home);
    } catch {
      return [];
    }
    if (seen.has(real)) return [];
    seen.add(real);
    const m = major(real);
    return m === undefined ? [] : [{ home, major: m, source }];
  };
  const first = env.JAVA_HOME ? jdkAt(env.JAVA_HOME, 'JAVA_HOME') : [];
  try {
    const java = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8', env }).trim();
    // /usr/bin/java -> /etc/alternatives/java -> /usr/lib/jvm/<jdk>/bin/java
    if (java) first.push(...jdkAt(dirname(dirname(realpathSync(java))), 'PATH'));
  } catch {
    // no java on PATH: the JVM folder may still hold one
  }
  const inFolder = existsSync(jvmDir) ? readdirSync(jvmDir).sort().flatMap((entry) => jdkAt(join(jvmDir, entry), jvmDir)) : [];
  return [...first, ...inFolder.sort((a, b) => b.major - a.major)];
}

export const describeRange = (range: JavaRange): string => (range.max === undefined ? `${range.min}+` : `${range.min} to ${range.max}`);

/**
 * The JDK to run `server` with: the first candidate whose major `range` accepts.
 * @throws ServicesError naming what was found and what to install.
 */
export function chooseJdk(server: string, range: JavaRange, candidates: readonly Jdk[]): Jdk {
  const fits = candidates.find((jdk) => jdk.major >= range.min && (range.max === undefined || jdk.major <= range.max));
  if (fits) return fits;
  const seen = candidates.length > 0 ? `found ${candidates.map((j) => `Java ${j.major} at ${j.home}`).join(', ')}` : 'found no JDK (JAVA_HOME, PATH, /usr/lib/jvm)';
  const wanted = range.max === undefined ? range.min : Math.min(range.max, Math.max(range.min, 21));
  throw new ServicesError(
    `${server} needs Java ${describeRange(range)}; ${seen}. Install a JDK ${wanted} (Debian: apt-get install openjdk-${wanted}-jdk-headless), or set JAVA_HOME to one`,
  );
}

/** Finds, and says on stderr through `log`, the JDK that runs `server`. */
export function javaFor(server: string, range: JavaRange, env: NodeJS.ProcessEnv, log: (message: string, fields: Record<string, unknown>) => void): Jdk {
  const jdk = chooseJdk(server, range, candidateJdks(env));
  log(`${server}: using Java ${jdk.major} at ${jdk.home} (needs ${describeRange(range)}; from ${jdk.source})`, { javaHome: jdk.home, javaMajor: jdk.major });
  return jdk;
}
