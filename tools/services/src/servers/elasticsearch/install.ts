import { readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureCacheEntry } from '../../downloads/cache-entry.js';
import { copyArtifact } from '../../downloads/maven.js';
import { runCommand } from '../../run-command.js';

export const ELASTICSEARCH_VERSION = '8.19.21';

/**
 * Elasticsearch's integ-test distribution, the only 8.x build on Maven Central: the server with
 * HTTP, transport and x-pack core/security, no bundled JDK and none of the other modules.
 * Returns ES_HOME. Unzipped once; runs never write into it (config and data live under .run).
 */
export function ensureElasticsearchHome(cache: string): Promise<string> {
  const name = `elasticsearch-${ELASTICSEARCH_VERSION}`;
  return ensureCacheEntry(join(cache, name), async (staging) => {
    await copyArtifact(`org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ELASTICSEARCH_VERSION}:zip`, staging);
    const zip = join(staging, `${name}.zip`);
    // unzip, not the JDK's jar tool: it keeps the executable bits of bin/*.
    await runCommand('unzip', ['-q', zip, '-d', staging], { missingHint: 'install unzip (Debian: apt-get install unzip)' });
    await rm(zip);
    // The zip has one top folder; lift its contents so the cache entry itself is ES_HOME.
    const top = join(staging, name);
    for (const entry of await readdir(top)) await rename(join(top, entry), join(staging, entry));
    await rmdir(top);
  });
}
