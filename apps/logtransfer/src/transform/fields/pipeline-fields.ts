/**
 * Fields the pipeline owns. The agent or the transfer sets them, the idempotent document id and
 * the file position depend on them, and no line content may change them: not a JSON line, a
 * regex group or `[transform] add_fields`.
 *
 * As a tree: `true` marks an owned field; an object marks a field that must stay an object
 * because owned fields live inside it (`"host": "db-1"` in a JSON line would wipe `host.name`).
 */
export type FieldGuard = true | { readonly [key: string]: FieldGuard };

export const PIPELINE_FIELDS: { readonly [key: string]: FieldGuard } = {
  event: { id: true, ingested: true },
  log: { offset: true, flags: true, file: { path: true } },
  host: { name: true },
  agent: true,
  labels: {},
  logpipe: true,
};

/** Why a dotted path may not be set from configuration, or undefined when it may. */
export function pipelineFieldProblem(path: readonly string[]): string | undefined {
  const first = path[0];
  if (first === '@timestamp' || first === 'message') {
    return path.length === 1 ? `${first} is set by the pipeline and its parsers` : `${first} is not an object`;
  }
  let guard: FieldGuard | undefined = PIPELINE_FIELDS;
  for (let i = 0; i < path.length; i++) {
    if (guard === undefined) return undefined;
    if (guard === true) return `${path.slice(0, i).join('.')} is owned by the pipeline`;
    guard = Object.hasOwn(guard, path[i]!) ? guard[path[i]!] : undefined;
  }
  if (guard === true) return `${path.join('.')} is owned by the pipeline`;
  if (guard !== undefined) return `${path.join('.')} holds fields owned by the pipeline and must stay an object`;
  return undefined;
}
