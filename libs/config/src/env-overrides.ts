import type { ConfigProblem } from './config-error.js';
import { normalizePrefix, type EnvTarget } from './env-names.js';
import type { ConfigSchema } from './schema.js';
import { closest } from './suggest.js';

export interface EnvOverride {
  /** The variable's name, reported as the source when its value is bad. */
  name: string;
  value: string;
}

/** Overrides by section, then key. */
export type EnvOverrides = Map<string, Map<string, EnvOverride>>;

/**
 * Picks the variables that override config keys. A variable with the prefix that names no key is
 * a problem, like an unknown key in the file: `LOGAGENT_KAFKA_BROKER` silently doing nothing
 * would send the agent to the wrong Kafka. `allowEnv` lists the prefixed names the app reads
 * itself, such as `LOGAGENT_CONFIG`.
 */
export function readEnvOverrides(
  env: Readonly<Record<string, string | undefined>>,
  envPrefix: string,
  targets: ReadonlyMap<string, EnvTarget>,
  allowEnv: readonly string[],
  schema: ConfigSchema,
): { overrides: EnvOverrides; problems: ConfigProblem[] } {
  const prefix = `${normalizePrefix(envPrefix)}_`;
  const overrides: EnvOverrides = new Map();
  const problems: ConfigProblem[] = [];
  // Sorted, so problems come out in the same order whatever order the environment has.
  const names = Object.keys(env).filter((name) => name.startsWith(prefix) && env[name] !== undefined).sort();
  for (const name of names) {
    const value = env[name] ?? '';
    const target = targets.get(name);
    if (target) {
      const section = overrides.get(target.section) ?? new Map<string, EnvOverride>();
      section.set(target.key, { name, value });
      overrides.set(target.section, section);
    } else if (!allowEnv.includes(name)) {
      problems.push(unknownVariable(name, value, prefix, targets, allowEnv, schema));
    }
  }
  return { overrides, problems };
}

function unknownVariable(
  name: string,
  value: string,
  prefix: string,
  targets: ReadonlyMap<string, EnvTarget>,
  allowEnv: readonly string[],
  schema: ConfigSchema,
): ConfigProblem {
  const guess = closest(name, [...targets.keys(), ...allowEnv]);
  const target = guess === undefined ? undefined : targets.get(guess);
  // A misspelt LOGTRANSFER_ES_PASWORD still holds the password: do not print it.
  const spec = target ? schema[target.section]?.keys[target.key] : undefined;
  const secret = spec?.type === 'string' && spec.secret === true;
  const hint = guess
    ? `did you mean \`${guess}\`?`
    : `variables starting with ${prefix} must name a config key as ${prefix}<SECTION>_<KEY> (see the config docs)`;
  return { source: `env ${name}`, value: secret ? '<hidden>' : value, message: `matches no config key; ${hint}` };
}
