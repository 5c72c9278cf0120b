import type { PomDependency } from './downloads/maven.js';

/** Java majors a server runs on: `max` undefined means any newer one too. */
export interface JavaRange {
  min: number;
  max?: number;
}

/** One Kafka release the harness can run from Maven jars. */
export interface KafkaRelease {
  version: string;
  java: JavaRange;
  /** What Maven Central has besides kafka_2.13: the POM leaves the logging binding out. */
  extraJars: readonly PomDependency[];
  /** Kafka 4 logs through log4j2 (and reads only its config); 3.x through reload4j. */
  logging: 'log4j2' | 'reload4j';
}

export type SearchEngine = 'elasticsearch' | 'opensearch';

/** One Elasticsearch or OpenSearch integ-test distribution (the zips on Maven Central). */
export interface SearchRelease {
  engine: SearchEngine;
  version: string;
  java: JavaRange;
}

export const KAFKA_RELEASES: readonly KafkaRelease[] = [
  {
    version: '4.4.0',
    java: { min: 17 },
    // kafka_2.13 4.4.0 brings log4j-core 2.25.5 and slf4j-api 1.7.36: the slf4j 1.x binding of that log4j.
    extraJars: [{ groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j-impl', version: '2.25.5' }],
    logging: 'log4j2',
  },
  {
    version: '3.9.2',
    java: { min: 11 },
    extraJars: [{ groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' }],
    logging: 'reload4j',
  },
];

export const SEARCH_RELEASES: readonly SearchRelease[] = [
  { engine: 'elasticsearch', version: '9.5.0', java: { min: 21 } },
  // 8.19 bundles Java 24 in its full distribution and supports 17 to 24.
  { engine: 'elasticsearch', version: '8.19.21', java: { min: 17, max: 24 } },
  { engine: 'opensearch', version: '3.8.0', java: { min: 21 } },
  { engine: 'opensearch', version: '2.19.6', java: { min: 11, max: 21 } },
];

/** What `npm run services` runs: the newest of each unless LOGPIPE_KAFKA_VERSION / LOGPIPE_SEARCH say otherwise. */
export interface Selection {
  kafka: KafkaRelease;
  search: SearchRelease;
}

/** `opensearch-3.8.0`: how LOGPIPE_SEARCH, the cache and the run dir name a release. */
export const searchName = (r: SearchRelease): string => `${r.engine}-${r.version}`;

/** `4.4.0`, or its major alone (`4`, `3.9`): any prefix that names one release. */
function byPrefix<T>(releases: readonly T[], wanted: string, name: (r: T) => string): T | undefined {
  const matches = releases.filter((r) => name(r) === wanted || name(r).startsWith(`${wanted}.`));
  return matches.length === 1 ? matches[0] : undefined;
}

export function readSelection(env: NodeJS.ProcessEnv, problems: string[]): Selection {
  let kafka = KAFKA_RELEASES[0]!;
  let search = SEARCH_RELEASES[0]!;
  const kafkaWanted = env.LOGPIPE_KAFKA_VERSION?.trim();
  if (kafkaWanted) {
    const found = byPrefix(KAFKA_RELEASES, kafkaWanted, (r) => r.version);
    if (found) kafka = found;
    else problems.push(`LOGPIPE_KAFKA_VERSION=${JSON.stringify(kafkaWanted)} is not one the harness runs: use ${KAFKA_RELEASES.map((r) => r.version).join(' or ')} (or the major, e.g. 3)`);
  }
  const searchWanted = env.LOGPIPE_SEARCH?.trim();
  if (searchWanted) {
    const found = byPrefix(SEARCH_RELEASES, searchWanted, searchName);
    if (found) search = found;
    else problems.push(`LOGPIPE_SEARCH=${JSON.stringify(searchWanted)} is not one the harness runs: use one of ${SEARCH_RELEASES.map(searchName).join(', ')} (or engine-major, e.g. opensearch-3)`);
  }
  return { kafka, search };
}

export function describeSearch(release: SearchRelease): string {
  return `${release.engine} ${release.version}`;
}

