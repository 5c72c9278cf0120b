import { checkSchema } from './check-schema.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { ConfigOf } from './config-of.js';
import { convertValue, defaultAsRaw, describeType, isEmptyRaw, type RawValue } from './convert-value.js';
import { envVarName } from './env-names.js';
import { readEnvOverrides, type EnvOverride } from './env-overrides.js';
import { readIni, type RawEntry } from './ini-document.js';
import type { ConfigSchema, KeySpec } from './schema.js';
import { checkNames } from './check-names.js';

export interface ConfigOptions {
  /** `LOGAGENT` makes `LOGAGENT_KAFKA_BROKERS` override `[kafka] brokers`. */
  envPrefix: string;
  /** The environment to read overrides from; `process.env` when left out. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Prefixed variables the app reads itself, such as `LOGAGENT_CONFIG`, which are not keys. */
  allowEnv?: readonly string[];
  /**
   * Why the file at a path cannot be read, or undefined when it can: checks the keys marked
   * `file`. Left out, they are not checked (parsing reads nothing); `loadConfig` passes one.
   */
  fileProblem?: (path: string) => string | undefined;
}

/**
 * Parses INI text against a schema: applies defaults, then environment overrides, and validates
 * everything. Throws `ConfigError` listing every problem found. `source` names the text in
 * errors, usually the file path. Reads nothing but `options.env` (or `process.env`).
 */
export function parseConfig<const S extends ConfigSchema>(
  text: string,
  source: string,
  schema: S,
  options: ConfigOptions,
): ConfigOf<S> {
  const envTargets = checkSchema(schema, options.envPrefix);
  const doc = readIni(text);
  const env = readEnvOverrides(options.env ?? process.env, options.envPrefix, envTargets, options.allowEnv ?? [], schema);
  const problems: ConfigProblem[] = [...checkNames(doc, schema, source), ...env.problems];

  const result: Record<string, Record<string, unknown> | undefined> = {};
  const sectionsWithProblems = new Set<string>();
  for (const [section, sectionSpec] of Object.entries(schema)) {
    const written = doc.sections.get(section);
    const overridden = env.overrides.get(section);
    if (sectionSpec.optional && !written && !overridden) {
      result[section] = undefined;
      continue;
    }
    const values: Record<string, unknown> = {};
    if (sectionSpec.entries) {
      // Key names were checked by checkNames; here only the values.
      for (const [key, entry] of written ?? []) {
        const settled = settleKey(sectionSpec.entries.value, entry, undefined);
        if (settled.ok) values[key] = settled.value;
        else if (!settled.missing) problems.push({ source, section, key, value: settled.shown, message: settled.reason });
      }
    }
    const before = problems.length;
    for (const [key, spec] of Object.entries(sectionSpec.keys)) {
      const override = overridden?.get(key);
      const settled = settleKey(spec, written?.get(key), override);
      if (settled.ok) {
        values[key] = settled.value;
        const unreadable = spec.type === 'string' && spec.file && typeof settled.value === 'string' ? options.fileProblem?.(settled.value) : undefined;
        if (unreadable !== undefined) problems.push({ source: override ? `env ${override.name}` : source, section, key, value: String(settled.value), message: unreadable });
      } else if (settled.missing) {
        const example = spec.example === undefined ? '' : ` (e.g. ${key} = ${spec.example})`;
        const envName = envVarName(options.envPrefix, section, key);
        const message = `is required: ${describeType(spec)}${example}; set it in this file or with ${envName}`;
        problems.push({ source, section, key, message });
      } else {
        problems.push({ source: override ? `env ${override.name}` : source, section, key, value: settled.shown, message: settled.reason });
      }
    }
    if (problems.length > before) sectionsWithProblems.add(section);
    result[section] = values;
  }
  // Rules between keys only make sense once each key of their section is valid on its own;
  // they run once every section is read, as some look at another section too.
  for (const [section, sectionSpec] of Object.entries(schema)) {
    const values = result[section];
    if (!values || sectionsWithProblems.has(section)) continue;
    for (const rule of sectionSpec.rules ?? []) {
      const found = rule(values, result);
      if (!found) continue;
      const override = env.overrides.get(section)?.get(found.key);
      problems.push({ source: override ? `env ${override.name}` : source, section, key: found.key, message: found.message });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as ConfigOf<S>;
}

type Settled = { ok: true; value: unknown } | { ok: false; missing: true } | { ok: false; missing: false; shown: string; reason: string };

/** One key's value: the environment wins over the file, and the file over the default. */
function settleKey(spec: KeySpec, entry: RawEntry | undefined, override: EnvOverride | undefined): Settled {
  const raw: RawValue | undefined = override?.value ?? entry?.value;
  if (raw === undefined) {
    if (spec.required) return { ok: false, missing: true };
    const fallback = defaultAsRaw(spec);
    const conversion = fallback === undefined ? undefined : convertValue(spec, fallback);
    // checkSchema has already rejected defaults that do not convert.
    return { ok: true, value: conversion?.ok ? conversion.value : undefined };
  }
  const shown = spec.type === 'string' && spec.secret ? '<hidden>' : typeof raw === 'string' ? raw : raw.join(', ');
  if (!override && entry?.quoteProblem) return { ok: false, missing: false, shown, reason: entry.quoteProblem };
  if (isEmptyRaw(raw) && !emptyAllowed(spec)) return { ok: false, missing: false, shown, reason: emptyReason(spec, override !== undefined) };
  const conversion = convertValue(spec, raw);
  if (!conversion.ok) {
    // `ini` reads a bare `key` line as true, which then fails as, say, an integer.
    const bare = !override && entry?.readAsTrue ? '; note that a key written without "= value" reads as true' : '';
    return { ok: false, missing: false, shown, reason: conversion.reason + bare };
  }
  return { ok: true, value: conversion.value };
}

function emptyAllowed(spec: KeySpec): boolean {
  if (spec.required) return false;
  return spec.allowEmpty === true || (spec.type === 'list' && spec.default !== undefined && spec.default.length === 0);
}

/** Says what the empty value would have to be, and how to get the default instead. */
function emptyReason(spec: KeySpec, fromEnv: boolean): string {
  if (spec.required) return `is required and must not be empty: ${describeType(spec)}`;
  const remove = fromEnv ? 'unset the variable' : 'remove the line';
  const fallback = defaultAsRaw(spec);
  const instead =
    fallback === undefined ? `${remove} to leave it unset` : `${remove} to use the default (${typeof fallback === 'string' ? fallback : fallback.join(', ')})`;
  return `is empty: must be ${describeType(spec)}; ${instead}`;
}
