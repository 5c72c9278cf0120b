import { isObject, ownValue, setOwn, type Fields } from '../fields/fields.js';
import { PIPELINE_FIELDS, type FieldGuard } from '../fields/pipeline-fields.js';

type Guard = FieldGuard | undefined;

/**
 * Deep-merges one JSON value into the document under `key`, never touching pipeline fields.
 * Dotted keys (`"log.level"`, as ECS loggers write them) are expanded into objects first, so
 * `"log.offset": 0` cannot slip past the guard and every later stage sees one shape.
 *
 * @returns false when (part of) the value was left out: it would have overwritten a pipeline
 * field, replaced an object that holds one (`"host": "db-1"`), or clashed with a scalar.
 */
export function mergeField(target: Fields, key: string, value: unknown, guard: Guard = PIPELINE_FIELDS): boolean {
  if (key.indexOf('.') > 0) return mergeDotted(target, key, value, guard);
  const childGuard = guardOf(guard, key);
  if (childGuard === true) return false;
  const existing = ownValue(target, key);
  if (isObject(value)) {
    if (isObject(existing)) return mergeObject(existing, value, childGuard);
    if (existing !== undefined && existing !== null) return false;
    if (childGuard === undefined) {
      setOwn(target, key, value);
      return true;
    }
    const created: Fields = {};
    setOwn(target, key, created);
    return mergeObject(created, value, childGuard);
  }
  if (childGuard !== undefined) return false;
  if (isObject(existing)) return false;
  setOwn(target, key, value);
  return true;
}

function mergeObject(target: Fields, source: Fields, guard: Guard): boolean {
  let complete = true;
  for (const key of Object.keys(source)) {
    if (!mergeField(target, key, source[key], guard)) complete = false;
  }
  return complete;
}

function mergeDotted(target: Fields, key: string, value: unknown, guard: Guard): boolean {
  const path = key.split('.');
  // `"a..b"` or a trailing dot: not a path; keep the key as the line wrote it.
  if (path.includes('')) return mergeFieldLiteral(target, key, value, guard);
  let parent = target;
  let parentGuard = guard;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i]!;
    parentGuard = guardOf(parentGuard, step);
    if (parentGuard === true) return false;
    const existing = ownValue(parent, step);
    if (isObject(existing)) {
      parent = existing;
    } else if (existing === undefined || existing === null) {
      const created: Fields = {};
      setOwn(parent, step, created);
      parent = created;
    } else {
      return false;
    }
  }
  return mergeField(parent, path[path.length - 1]!, value, parentGuard);
}

function mergeFieldLiteral(target: Fields, key: string, value: unknown, guard: Guard): boolean {
  if (guardOf(guard, key) !== undefined) return false;
  setOwn(target, key, value);
  return true;
}

function guardOf(guard: Guard, key: string): Guard {
  if (guard === undefined || guard === true) return guard;
  return Object.hasOwn(guard, key) ? guard[key] : undefined;
}
