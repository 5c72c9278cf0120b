import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './registry/atomic-file.js';

export interface AgentIdentity {
  /** The configured name, used in etcd keys (default: the host name). */
  name: string;
  /** A UUID made on first start and kept in data_dir: part of every event id. */
  id: string;
  hostName: string;
  version: string;
}

export async function loadAgentIdentity(dataDir: string, name: string | undefined, version: string): Promise<AgentIdentity> {
  const path = join(dataDir, 'agent-id');
  let id: string;
  try {
    id = (await readFile(path, 'utf8')).trim();
  } catch {
    id = randomUUID();
    await writeFileAtomic(path, id + '\n');
  }
  const hostName = hostname();
  return { name: name || hostName, id, hostName, version };
}
