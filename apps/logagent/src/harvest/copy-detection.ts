import { hashBytes } from './fingerprint.js';
import type { DetachedEntry, RegistryEntry } from '../registry/registry.js';

/**
 * Below this, a shared beginning is too likely to be chance (one short header line) to call a
 * file a copy. Files smaller than this when rotated by copytruncate are not recognised, and their
 * copies are read as new files.
 */
export const MIN_COPY_FINGERPRINT_BYTES = 64;

export type CopySource =
  /** The original was truncated: the copy carries on with its identity. */
  | { kind: 'detached'; detached: DetachedEntry }
  /** The original is still followed on its inode: the copy is only needed if it gets truncated. */
  | { kind: 'live'; entry: RegistryEntry };

export interface CopySources {
  waitingForCopy(): DetachedEntry[];
  all(): Iterable<RegistryEntry>;
}

/**
 * Finds the file that a newly seen `file` (given its first bytes) is a copy of: an identity whose
 * fingerprint covers at least MIN_COPY_FINGERPRINT_BYTES and equals the new file's first bytes.
 * Identities waiting for a copy (their inode was truncated) come first, most recent first; a
 * truncated file's new identity starts with other bytes, so it never matches its own copy.
 */
export function findCopySource(head: Buffer, file: { device: number; inode: number }, registry: CopySources): CopySource | undefined {
  const hashes = new Map<number, string>();
  const matches = (entry: RegistryEntry): boolean => {
    const bytes = entry.fingerprintBytes;
    if (bytes < MIN_COPY_FINGERPRINT_BYTES || bytes > head.length) return false;
    // A file is never a copy of itself: not of the identity its own truncation just detached.
    if (entry.device === file.device && entry.inode === file.inode) return false;
    let hash = hashes.get(bytes);
    if (hash === undefined) hashes.set(bytes, (hash = hashBytes(head.subarray(0, bytes))));
    return hash === entry.fingerprint;
  };
  for (const detached of registry.waitingForCopy()) {
    if (matches(detached.entry)) return { kind: 'detached', detached };
  }
  for (const entry of registry.all()) {
    if (matches(entry)) return { kind: 'live', entry };
  }
  return undefined;
}
