import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureCacheEntry } from '../../downloads/cache-entry.js';
import { copyDependencies, dependencyPom } from '../../downloads/maven.js';
import type { KafkaRelease } from '../../releases.js';

/**
 * The broker's jars from Maven Central, one cache entry per release. The published POM leaves
 * out a logging binding (the release tarball adds one), so the release names its own, or Kafka
 * would log nothing. Returns the folder holding the jars, for `-cp '<libs>/*'`.
 */
export async function ensureKafkaJars(cache: string, release: KafkaRelease): Promise<string> {
  const name = `kafka-${release.version}`;
  const home = await ensureCacheEntry(join(cache, name), async (staging) => {
    const pom = dependencyPom(name, [{ groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: release.version }, ...release.extraJars]);
    await writeFile(join(staging, 'pom.xml'), pom);
    await copyDependencies(staging, join(staging, 'libs'));
  });
  return join(home, 'libs');
}
