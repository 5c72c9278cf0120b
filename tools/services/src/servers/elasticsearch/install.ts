import { readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureCacheEntry } from '../../downloads/cache-entry.js';
import { copyArtifact } from '../../downloads/maven.js';
import type { SearchRelease } from '../../releases.js';
import { searchName } from '../../releases.js';
import { runCommand } from '../../run-command.js';

const GROUP = { elasticsearch: 'org.elasticsearch.distribution.integ-test-zip', opensearch: 'org.opensearch.distribution.integ-test-zip' } as const;

/**
 * The integ-test distribution of Elasticsearch or OpenSearch, the only builds on Maven Central:
 * the server with HTTP and transport (Elasticsearch's with x-pack core/security), no bundled JDK
 * and none of the other modules or plugins. Returns its home, one cache entry per release.
 * Unzipped once; runs never write into it (config and data live under the run dir).
 */
export function ensureSearchHome(cache: string, release: SearchRelease): Promise<string> {
  const name = searchName(release);
  return ensureCacheEntry(join(cache, name), async (staging) => {
    await copyArtifact(`${GROUP[release.engine]}:${release.engine}:${release.version}:zip`, staging);
    const zip = join(staging, `${name}.zip`);
    // unzip, not the JDK's jar tool: it keeps the executable bits of bin/*.
    await runCommand('unzip', ['-q', zip, '-d', staging], { missingHint: 'install unzip (Debian: apt-get install unzip)' });
    await rm(zip);
    // The zip has one top folder; lift its contents so the cache entry itself is the home.
    const top = join(staging, name);
    for (const entry of await readdir(top)) await rename(join(top, entry), join(staging, entry));
    await rmdir(top);
  });
}
