import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureCacheEntry } from '../../downloads/cache-entry.js';
import { copyDependencies, dependencyPom } from '../../downloads/maven.js';

export const KAFKA_VERSION = '3.9.2';

/**
 * The broker's jars from Maven Central. The published POM leaves out a logging binding (the
 * release tarball adds one), so slf4j-reload4j is listed too, or Kafka would log nothing.
 * Returns the folder holding the jars, for `-cp '<libs>/*'`.
 */
export async function ensureKafkaJars(cache: string): Promise<string> {
  const home = await ensureCacheEntry(join(cache, `kafka-${KAFKA_VERSION}`), async (staging) => {
    const pom = dependencyPom(`kafka-${KAFKA_VERSION}`, [
      { groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: KAFKA_VERSION },
      { groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' },
    ]);
    await writeFile(join(staging, 'pom.xml'), pom);
    await copyDependencies(staging, join(staging, 'libs'));
  });
  return join(home, 'libs');
}
