import type { ConfigSchema } from './schema.js';

export interface EnvTarget {
  section: string;
  key: string;
}

/**
 * `LOGAGENT` + `[kafka.tls] client_id` → `LOGAGENT_KAFKA_TLS_CLIENT_ID`: upper case, and every
 * character a shell variable name cannot hold becomes `_`.
 */
export function envVarName(prefix: string, section: string, key: string): string {
  return [normalizePrefix(prefix), section, key].join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** Accepts "logagent", "LOGAGENT" and "LOGAGENT_" alike. */
export function normalizePrefix(prefix: string): string {
  return prefix.toUpperCase().replace(/_+$/, '');
}

/**
 * Every variable name the schema answers to. Names are looked up whole, never split on `_`,
 * because keys like `flush_bytes` contain underscores themselves. Two keys that map to the same
 * name (`[a_b] c` and `[a] b_c`) are a schema bug and are returned in `clashes`.
 */
export function envTable(schema: ConfigSchema, prefix: string): { targets: Map<string, EnvTarget>; clashes: string[] } {
  const targets = new Map<string, EnvTarget>();
  const clashes: string[] = [];
  for (const [section, spec] of Object.entries(schema)) {
    for (const key of Object.keys(spec.keys)) {
      const name = envVarName(prefix, section, key);
      const taken = targets.get(name);
      if (taken) clashes.push(`${name} would set both [${taken.section}] ${taken.key} and [${section}] ${key}`);
      else targets.set(name, { section, key });
    }
  }
  return { targets, clashes };
}
