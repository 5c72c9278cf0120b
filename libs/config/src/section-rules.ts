import type { SectionRule } from './schema.js';

/**
 * Two keys that only mean something together, such as a certificate and its key: naming one
 * without the other is a mistake, reported on the one missing.
 */
export function bothOrNeither(first: string, second: string, why: string): SectionRule {
  return (v) => {
    if (v[first] !== undefined && v[second] === undefined) return { key: second, message: `must be set too, since ${first} is: ${why}` };
    if (v[second] !== undefined && v[first] === undefined) return { key: first, message: `must be set too, since ${second} is: ${why}` };
    return undefined;
  };
}

/** Keys that are ignored unless another key turns them on: setting them alone is a mistake. */
export function onlyWhen(keys: readonly string[], enabled: (v: Readonly<Record<string, unknown>>) => boolean, hint: string): SectionRule {
  return (v) => {
    if (enabled(v)) return undefined;
    const set = keys.find((key) => v[key] !== undefined);
    return set === undefined ? undefined : { key: set, message: `would be ignored: ${hint}` };
  };
}
