import { convertValue, defaultAsRaw } from './convert-value.js';
import { envTable, type EnvTarget } from './env-names.js';
import type { ConfigSchema, KeySpec } from './schema.js';
import { parseBytes, parseDuration } from './units.js';

/**
 * Checks the schema itself, so a mistake in an app's schema (a default that fails its own type,
 * an enum alias to nowhere, two keys sharing an env var) fails on every start, not only when
 * some user happens to rely on the default. Throws a plain Error: this is a bug in the app, and
 * the user cannot fix it by editing the config file. Returns the env variable lookup table.
 */
export function checkSchema(schema: ConfigSchema, envPrefix: string): Map<string, EnvTarget> {
  const errors: string[] = [];
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(envPrefix)) {
    errors.push(`envPrefix ${JSON.stringify(envPrefix)} must be letters, digits and "_", starting with a letter`);
  }
  for (const [section, sectionSpec] of Object.entries(schema)) {
    // These characters would end the header early or make `ini` read it as a key or a comment.
    if (!/^[^\][\s=;#"']+$/.test(section)) errors.push(`section name ${JSON.stringify(section)} cannot be written as an INI header`);
    for (const [key, spec] of Object.entries(sectionSpec.keys)) {
      if (!/^[^\][\s=;#"']+$/.test(key)) errors.push(`[${section}] key name ${JSON.stringify(key)} cannot be written in an INI file`);
      errors.push(...checkKey(spec).map((error) => `[${section}] ${key}: ${error}`));
    }
    if (sectionSpec.entries) {
      const { name, value } = sectionSpec.entries;
      if (Object.keys(sectionSpec.keys).length > 0) errors.push(`[${section}] has entries, so it cannot declare keys too`);
      if (value.required || value.default !== undefined) errors.push(`[${section}] <${name}>: an entry value cannot be required or have a default`);
      errors.push(...checkKey(value).map((error) => `[${section}] <${name}>: ${error}`));
    }
  }
  const { targets, clashes } = envTable(schema, envPrefix);
  errors.push(...clashes);
  if (errors.length > 0) {
    throw new Error(`invalid config schema (a bug in the app, not in the config file):\n  ${errors.join('\n  ')}`);
  }
  return targets;
}

function checkKey(spec: KeySpec): string[] {
  const errors: string[] = [];
  if (spec.required && spec.default !== undefined) errors.push('a required key cannot have a default');
  if (spec.type === 'enum') {
    if (spec.values.length === 0) errors.push('an enum needs at least one value');
    for (const [alias, value] of Object.entries(spec.aliases ?? {})) {
      if (!spec.values.includes(value)) errors.push(`alias ${JSON.stringify(alias)} points to ${JSON.stringify(value)}, which is not one of the values`);
    }
  }
  const wholeNumber = (n: number): number | undefined => (Number.isSafeInteger(n) ? n : undefined);
  if (spec.type === 'integer') errors.push(...checkBounds(spec.min, spec.max, wholeNumber));
  if (spec.type === 'duration') errors.push(...checkBounds(spec.min, spec.max, parseDuration));
  if (spec.type === 'bytes') errors.push(...checkBounds(spec.min, spec.max, parseBytes));
  const raw = defaultAsRaw(spec);
  if (raw !== undefined) {
    const conversion = convertValue(spec, raw);
    if (!conversion.ok) errors.push(`default ${JSON.stringify(spec.default)} ${conversion.reason}`);
  }
  return errors;
}

function checkBounds<T>(min: T | undefined, max: T | undefined, parse: (bound: T) => number | undefined): string[] {
  const low = min === undefined ? undefined : parse(min);
  const high = max === undefined ? undefined : parse(max);
  if (min !== undefined && low === undefined) return [`min ${JSON.stringify(min)} is not a valid bound`];
  if (max !== undefined && high === undefined) return [`max ${JSON.stringify(max)} is not a valid bound`];
  return low !== undefined && high !== undefined && low > high ? [`min ${String(min)} is greater than max ${String(max)}`] : [];
}
