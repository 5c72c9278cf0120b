import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../registry/atomic-file.js';
import type { Logger } from '@logpipe/runtime';

/**
 * The last valid etcd values the agent saw, kept on disk so that an agent starting while etcd is
 * down still collects what it collected before.
 */
export class KnownTargetsFile {
  private lastSaved = '';
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  async load(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn('last known targets unreadable; starting with none', { path: this.path, err });
      return {};
    }
  }

  /** Writes in the background, in order; only when something changed. */
  save(values: Record<string, string>): void {
    const text = JSON.stringify(values, null, 2);
    if (text === this.lastSaved) return;
    this.lastSaved = text;
    this.writing = this.writing
      .then(() => writeFileAtomic(this.path, text))
      .catch((err: unknown) => this.logger.error('could not save last known targets', { path: this.path, err }));
  }
}
