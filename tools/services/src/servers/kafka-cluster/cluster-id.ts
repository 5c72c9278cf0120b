import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { newClusterId } from '../kafka/config.js';

/**
 * The one cluster id all three nodes format their storage with, kept in a file beside their
 * folders. The nodes start in parallel: the first to create the file (O_EXCL) wins, the others
 * read its id. A node whose data was deleted rejoins with the same id.
 */
export async function sharedClusterId(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  const id = newClusterId();
  try {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(`${id}\n`);
    } finally {
      await handle.close();
    }
    return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Written by another node a moment ago: it may not have its content yet.
  for (let attempt = 0; attempt < 50; attempt++) {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing !== '') return existing;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${file} stays empty: delete it and the cluster's data (npm run services -- clean kafka-cluster), then start again`);
}
