import { setPath, splitPath, type Fields } from './fields.js';
import { pipelineFieldProblem } from './pipeline-fields.js';

/**
 * `[transform] add_fields = env=prod, service.name=checkout`: constant fields for every document.
 * A bare name is a label (`env=prod` sets `labels.env`, where ECS keeps custom key/values and the
 * index template maps them as keywords); a dotted name is a field path (`service.name`).
 *
 * A field the document already has wins: the target's own labels and the line's own fields are
 * more specific than one setting for the whole transfer.
 */
export interface FieldAssignment {
  path: readonly string[];
  value: string;
}

const ITEM = /^([A-Za-z_@][A-Za-z0-9_@]*(?:\.[A-Za-z_@][A-Za-z0-9_@]*)*)\s*=\s*(.*)$/s;

/** Every problem, one per bad item, so one edit fixes them all. */
export function parseAddFields(items: readonly string[]): { assignments: FieldAssignment[]; problems: string[] } {
  const assignments: FieldAssignment[] = [];
  const problems: string[] = [];
  for (const item of items) {
    const m = ITEM.exec(item);
    if (m === null || m[2]!.length === 0) {
      problems.push(`${JSON.stringify(item)} must be name=value, with a field name like env or service.name and a non-empty value`);
      continue;
    }
    const path = m[1]!.includes('.') ? splitPath(m[1]!) : ['labels', m[1]!];
    const problem = pipelineFieldProblem(path);
    if (problem !== undefined) problems.push(`${JSON.stringify(item)}: ${problem}`);
    else assignments.push({ path, value: m[2]! });
  }
  return { assignments, problems };
}

export function addFields(document: Fields, assignments: readonly FieldAssignment[]): void {
  for (const { path, value } of assignments) setPath(document, path, value, false);
}
