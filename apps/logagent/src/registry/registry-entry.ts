import { randomBytes } from 'node:crypto';
import { fileKey } from '@logpipe/event';

/** What the agent remembers of one file: who it is and how far Kafka has acknowledged it. */
export interface RegistryEntry {
  /** Prefix of every event id of this file. Random per sighting, so never recomputed: see `newEntry`. */
  fileKey: string;
  /** The path the file was last harvested under. */
  path: string;
  device: number;
  inode: number;
  /**
   * Hash of the first `fingerprintBytes` bytes (up to 1 KiB, grown as the file grows). Tells a
   * reused or rewritten inode from the original, and a copy of the file from a new file.
   */
  fingerprint: string;
  fingerprintBytes: number;
  /** Byte offset after the last line Kafka acknowledged. Never ahead of Kafka. */
  offset: number;
  /**
   * This inode is a copy of another file (logrotate's copytruncate) and carries that file's key:
   * a copy never grows, and its offset may run past its end when the original had lines the copy
   * missed, which is not a truncation.
   */
  copy?: true;
  updatedAt: string;
}

export interface NewFile {
  path: string;
  device: number;
  inode: number;
  fingerprint: string;
  fingerprintBytes: number;
  offset: number;
}

/**
 * A registry entry for a file seen for the first time, or seen again after a truncation. Its key
 * includes a random nonce, so it is unique even when the inode is not; the registry must be
 * saved before the first line with this key is sent, or a crash would give those lines new ids
 * on the next start.
 */
export function newEntry(agentId: string, file: NewFile): RegistryEntry {
  const nonce = randomBytes(12).toString('base64url');
  return {
    fileKey: fileKey({ agentId, device: file.device, inode: file.inode, nonce }),
    ...file,
    updatedAt: new Date().toISOString(),
  };
}

/** The registry's key of a file: its device and inode. */
export function inodeKey(device: number, inode: number): string {
  return `${device}:${inode}`;
}
