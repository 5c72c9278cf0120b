/**
 * A document while it is being built: the decoded wire event, nested the way Elasticsearch
 * stores it (`{"log":{"level":"info"}}`, never a dotted key), so every stage reads and writes the
 * same shape and `JSON.stringify` at the end is the only serialisation.
 */
export type Fields = Record<string, unknown>;

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Field names come from log lines, so `__proto__` is a name like any other: read only own
 * properties, and define rather than assign that one, or a line could replace an object's
 * prototype (or, through a nested merge, `Object.prototype` itself).
 */
export function ownValue(object: Fields, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function setOwn(object: Fields, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/**
 * The object under `key`, created when missing. A non-object there is replaced: parsers call
 * this only for ECS objects (`log`, `http`, …) that nothing else may hold a scalar in.
 */
export function objectField(parent: Fields, key: string): Fields {
  const value = ownValue(parent, key);
  if (isObject(value)) return value;
  const created: Fields = {};
  setOwn(parent, key, created);
  return created;
}

/** `'http.response.status_code'` → `['http', 'response', 'status_code']`; done once, at config time. */
export function splitPath(path: string): string[] {
  return path.split('.');
}

/** The value at a path, or undefined when any step is missing or not an object. */
export function getPath(document: Fields, path: readonly string[]): unknown {
  let value: unknown = document;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = ownValue(value, key);
  }
  return value;
}

/**
 * Sets a value at a path, creating the objects on the way. Returns false, and changes nothing,
 * when a step holds a scalar or when `overwrite` is false and the path already has a value.
 */
export function setPath(document: Fields, path: readonly string[], value: unknown, overwrite: boolean): boolean {
  let parent = document;
  const last = path.length - 1;
  for (let i = 0; i < last; i++) {
    const key = path[i]!;
    const next = ownValue(parent, key);
    if (next === undefined) {
      const created: Fields = {};
      setOwn(parent, key, created);
      parent = created;
    } else if (isObject(next)) {
      parent = next;
    } else {
      return false;
    }
  }
  const key = path[last]!;
  if (!overwrite && ownValue(parent, key) !== undefined) return false;
  setOwn(parent, key, value);
  return true;
}
