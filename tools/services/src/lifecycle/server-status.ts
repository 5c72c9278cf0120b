import type { ServerDefinition } from '../server-definition.js';
import type { Settings } from '../settings.js';
import { runningPids } from './running-pid.js';

export interface ServerStatus {
  server: string;
  /** `kafka 4.4.0`, `opensearch 3.8.0`; undefined for etcd and Prometheus (the Debian packages'). */
  release: string | undefined;
  running: boolean;
  pid?: number;
  endpoint: string;
  healthy: boolean;
}

/** Read-only: pid files, /proc and one health probe. Never starts, stops or downloads anything. */
export async function serverStatusOf(def: ServerDefinition, dir: string, settings: Settings): Promise<ServerStatus> {
  const { server, launcher } = await runningPids(dir, def.signature(dir));
  const pid = server ?? launcher;
  const endpoint = def.endpoint(settings);
  // Without a process of ours, a healthy answer would come from someone else's server.
  const healthy = pid !== undefined && (await def.healthy(settings));
  return { server: def.name, release: def.release(settings), running: pid !== undefined, ...(pid !== undefined ? { pid } : {}), endpoint, healthy };
}
