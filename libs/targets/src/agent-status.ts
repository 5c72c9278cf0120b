/**
 * The value of `<prefix>/<agent>/status`: what an operator needs to see which agents are live,
 * which version they run and where to scrape them. The agent writes it under a lease; logctl
 * reads it. Field names are snake_case like every other etcd value the pipeline reads or writes.
 */
export interface AgentStatus {
  name: string;
  id: string;
  version: string;
  host: string;
  pid: number;
  /** When the process started, ISO 8601. */
  started_at: string;
  metrics_url: string;
  /** Collection targets in effect. */
  targets: number;
  /** Files held open. */
  files: number;
}

const STRING_FIELDS = ['name', 'id', 'version', 'host', 'started_at', 'metrics_url'] as const;
const NUMBER_FIELDS = ['pid', 'targets', 'files'] as const;

/**
 * Reads a status value, or explains why it is not one. Readers must cope with an agent of
 * another version: extra fields are ignored, missing or mistyped ones are reported.
 */
export function parseAgentStatus(value: string): { ok: true; status: AgentStatus } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, error: 'not a JSON object' };
  const raw = json as Record<string, unknown>;
  const wrong = [
    ...STRING_FIELDS.filter((field) => typeof raw[field] !== 'string'),
    ...NUMBER_FIELDS.filter((field) => typeof raw[field] !== 'number'),
  ];
  if (wrong.length > 0) return { ok: false, error: `missing or mistyped fields: ${wrong.join(', ')}` };
  const status = Object.fromEntries([...STRING_FIELDS, ...NUMBER_FIELDS].map((field) => [field, raw[field]])) as unknown as AgentStatus;
  return { ok: true, status };
}
