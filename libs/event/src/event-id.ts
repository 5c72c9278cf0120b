import { createHash } from 'node:crypto';

/** What identifies one file on one agent, independent of the path it has now. */
export interface FileIdentity {
  agentId: string;
  device: number | bigint;
  inode: number | bigint;
  /** Hash of the file's first bytes when first seen, so a reused inode is told apart. */
  fingerprint: string;
}

/**
 * A short, stable key for a file: computed once when the file is first seen and kept in the
 * registry, so every later line of that file (after restarts too) gets ids with the same prefix.
 */
export function fileKey(identity: FileIdentity): string {
  return createHash('sha256')
    .update(`${identity.agentId}\0${identity.device}\0${identity.inode}\0${identity.fingerprint}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The event id of the line that starts at `offset` in the file with key `key`. Deterministic,
 * so a line sent twice (a replay after a crash) gets the same id and becomes one document.
 * Concatenation, not a hash, because it runs once per line.
 */
export function eventId(key: string, offset: number): string {
  return key + '-' + offset;
}
