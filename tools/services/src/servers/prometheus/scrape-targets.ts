import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ServicesError } from '../../errors.js';
import { serverDir } from '../../paths.js';
import { SCRAPE_JOBS, type ScrapeJob } from './config.js';

/** Where file_sd target files live; prometheus.yml points each job at `<this>/<job>/*.json`. */
export function scrapeTargetsDir(): string {
  return join(serverDir('prometheus'), 'targets');
}

/**
 * Tells Prometheus to scrape `hostPort` (e.g. `127.0.0.1:9464`) as part of `job`, by writing
 * `<targets>/<job>/<id>.json`. Written to a temp name (not matching `*.json`) and renamed, since
 * Prometheus may read the folder at any moment and must never see half a file. Returns a function
 * that removes the target again; calling it twice is fine.
 */
export async function registerScrapeTarget(
  job: ScrapeJob,
  id: string,
  hostPort: string,
  labels: Record<string, string> = {},
  targetsDir: string = scrapeTargetsDir(),
): Promise<() => Promise<void>> {
  if (!SCRAPE_JOBS.includes(job)) throw new ServicesError(`unknown scrape job ${JSON.stringify(job)}: use one of ${SCRAPE_JOBS.join(', ')}`);
  if (!/^[A-Za-z0-9_.-]+$/.test(id) || id.startsWith('.')) {
    throw new ServicesError(`scrape target id ${JSON.stringify(id)} must be a file name: letters, digits, '_', '-', '.', not starting with '.'`);
  }
  if (!/^[^\s/]+:\d{1,5}$/.test(hostPort)) throw new ServicesError(`scrape target ${JSON.stringify(hostPort)} must be host:port, like 127.0.0.1:9464`);

  const dir = join(targetsDir, job);
  const file = join(dir, `${id}.json`);
  const temp = join(dir, `.${id}.json.${process.pid}.tmp`);
  await mkdir(dir, { recursive: true });
  await writeFile(temp, JSON.stringify([{ targets: [hostPort], labels }], null, 2) + '\n');
  await rename(temp, file);
  return () => rm(file, { force: true });
}
