import { inodeKey, type RegistryEntry } from './registry-entry.js';

/** What the registry file holds. */
export interface RegistrySnapshot {
  /** One entry per file on disk, keyed by device+inode. */
  files: RegistryEntry[];
  /** Identities a truncation took off their inode, kept for a while so a copy can claim them. */
  detached: { entry: RegistryEntry; detachedAt: number }[];
}

interface FileV1 {
  version: 1;
  entries: RegistryEntry[];
}

interface FileV2 {
  version: 2;
  files: RegistryEntry[];
  detached: (RegistryEntry & { detachedAt: string })[];
}

/**
 * Reads a registry file of any version this agent wrote. Version 1 was keyed by file key; it
 * becomes version 2 by keeping, per inode, the entry acknowledged last (version 1 removed an
 * entry whose inode was reused, so there is normally one).
 */
export function parseRegistryFile(text: string): RegistrySnapshot {
  const parsed = JSON.parse(text) as Partial<FileV1 | FileV2> | null;
  if (parsed?.version === 1 && Array.isArray(parsed.entries)) {
    const byInode = new Map<string, RegistryEntry>();
    for (const entry of parsed.entries.map(checkEntry)) {
      const key = inodeKey(entry.device, entry.inode);
      const other = byInode.get(key);
      if (!other || other.updatedAt < entry.updatedAt) byInode.set(key, entry);
    }
    return { files: [...byInode.values()], detached: [] };
  }
  if (parsed?.version === 2 && Array.isArray(parsed.files) && Array.isArray(parsed.detached)) {
    return {
      files: parsed.files.map(checkEntry),
      detached: parsed.detached.map(({ detachedAt, ...entry }) => ({ entry: checkEntry(entry), detachedAt: Date.parse(detachedAt) || 0 })),
    };
  }
  throw new Error(`not a registry file of version 1 or 2 (version: ${JSON.stringify(parsed?.version)})`);
}

export function serializeRegistry(snapshot: RegistrySnapshot): string {
  const file: FileV2 = {
    version: 2,
    files: snapshot.files,
    detached: snapshot.detached.map(({ entry, detachedAt }) => ({ ...entry, detachedAt: new Date(detachedAt).toISOString() })),
  };
  return JSON.stringify(file);
}

function checkEntry(entry: RegistryEntry): RegistryEntry {
  const fields: [keyof RegistryEntry, string][] = [
    ['fileKey', 'string'], ['path', 'string'], ['device', 'number'], ['inode', 'number'],
    ['fingerprint', 'string'], ['fingerprintBytes', 'number'], ['offset', 'number'],
  ];
  for (const [field, type] of fields) {
    if (typeof entry?.[field] !== type) throw new Error(`registry entry ${JSON.stringify(entry)} has no ${type} "${field}"`);
  }
  return entry;
}
