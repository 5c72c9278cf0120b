import { createHash } from 'node:crypto';

/** What identifies one sighting of a file on one agent, independent of the path it has now. */
export interface FileIdentity {
  agentId: string;
  device: number | bigint;
  inode: number | bigint;
  /**
   * Random, made once when the agent first sees the file (or sees it truncated) and kept in the
   * registry. Device and inode alone are reused: a truncated file keeps its inode, and a deleted
   * file's inode goes to the next new file; without the nonce their lines would get the ids of
   * the old lines at the same offsets and overwrite those documents in Elasticsearch.
   */
  nonce: string;
}

/**
 * A short key for a file: computed once, when the file is first seen, and kept in the registry,
 * so every later line of that file (after restarts too) gets ids with the same prefix. It is
 * not recomputed from the file, because the nonce makes it unique per sighting.
 */
export function fileKey(identity: FileIdentity): string {
  return createHash('sha256')
    .update(`${identity.agentId}\0${identity.device}\0${identity.inode}\0${identity.nonce}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The event id of the line that starts at `offset` in the file with key `key`. Deterministic,
 * so a line sent twice (a replay after a crash, or read from both a file and its copy) gets the
 * same id and becomes one document. Concatenation, not a hash, because it runs once per line.
 */
export function eventId(key: string, offset: number): string {
  return key + '-' + offset;
}
