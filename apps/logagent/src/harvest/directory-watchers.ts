import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '@logpipe/runtime';

/**
 * inotify (through `fs.watch`) on the directories a target's files live in: a write wakes the
 * file's harvester at once, and a new name triggers a scan, so collection does not wait for a
 * poll. Where watching fails (inotify limits reached, a filesystem without it), harvesters fall
 * back to polling at `poll_interval`; with a watch they still poll, rarely, as a safety net.
 */
export class DirectoryWatchers {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly unwatchable = new Set<string>();

  constructor(
    private readonly onChange: (directory: string, name: string | undefined) => void,
    private readonly logger: Logger,
  ) {}

  isWatched(directory: string): boolean {
    return this.watchers.has(directory);
  }

  /** Watches exactly these directories from now on. */
  retain(directories: Set<string>): void {
    for (const [directory, watcher] of this.watchers) {
      if (!directories.has(directory)) {
        watcher.close();
        this.watchers.delete(directory);
      }
    }
    for (const directory of directories) if (!this.watchers.has(directory) && !this.unwatchable.has(directory)) this.watch(directory);
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watch(directory: string): void {
    try {
      const watcher = watch(directory, { persistent: false }, (_event, name) => this.onChange(directory, name ?? undefined));
      watcher.on('error', (err) => {
        this.logger.warn('directory watch failed; polling instead', { directory, err });
        watcher.close();
        this.watchers.delete(directory);
        this.unwatchable.add(directory);
      });
      this.watchers.set(directory, watcher);
    } catch (err) {
      // ENOSPC: fs.inotify.max_user_watches reached. ENOENT: the directory went away; it may
      // come back, so it is tried again on the next scan.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.unwatchable.add(directory);
      this.logger.warn('cannot watch directory; polling its files', { directory, err });
    }
  }
}
