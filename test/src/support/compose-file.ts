import { parse } from 'yaml';

/** What the tests read of a compose service. */
export interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  restart?: string;
  deploy?: { replicas?: number };
  ports?: string[];
  hostname?: string;
  container_name?: string;
  volumes?: string[];
  entrypoint?: string[];
}
export interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** Compose's variable syntax: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, and `$$` for a literal `$`. */
export function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (whole, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (whole === '$$') return '$';
    const value = env[name!];
    const unset = op?.startsWith(':') ? !value : value === undefined;
    if (!unset) return value!;
    if (op?.endsWith('?')) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return op ? arg! : '';
  });
}

/** The container path of a short-syntax volume (`source:target[:mode]`): what compose merges volumes by. */
export const volumeTarget = (volume: string): string => volume.split(':')[1] ?? volume;

/**
 * Compose's merge of an override file: mappings merge key by key; a service's `volumes` merge by
 * container path (the override's mount wins); other sequences and scalars are replaced.
 */
export function mergeCompose(base: unknown, override: unknown, key = ''): unknown {
  if (key === 'volumes' && Array.isArray(base) && Array.isArray(override)) {
    const targets = new Set((override as string[]).map(volumeTarget));
    return [...(base as string[]).filter((v) => !targets.has(volumeTarget(v))), ...(override as string[])];
  }
  if (base === null || typeof base !== 'object' || Array.isArray(base) || override === null || typeof override !== 'object' || Array.isArray(override)) return override;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [name, value] of Object.entries(override)) merged[name] = name in merged ? mergeCompose(merged[name], value, name) : value;
  return merged;
}

export const load = (text: string, env: Record<string, string> = {}) => parse(interpolate(text, env), { merge: true }) as ComposeFile;
/** The passwords docker-compose.secure.yml requires, as a user would export them. */
export const SECURE_ENV = {
  ELASTIC_PASSWORD: 'elastic-pw',
  KIBANA_SYSTEM_PASSWORD: 'kibana-pw',
  KAFKA_ADMIN_PASSWORD: 'kafka-admin-pw',
  KAFKA_LOGAGENT_PASSWORD: 'kafka-logagent-pw',
  KAFKA_LOGTRANSFER_PASSWORD: 'kafka-logtransfer-pw',
  GRAFANA_ADMIN_PASSWORD: 'grafana-pw',
};
