import type { ConfigSchema, KeySpec, SectionSpec } from './schema.js';

/** The TypeScript type of one key's value, after conversion. */
export type ValueOf<K extends KeySpec> = K extends { type: 'integer' | 'duration' | 'bytes' }
  ? number
  : K extends { type: 'boolean' }
    ? boolean
    : K extends { type: 'list' }
      ? string[]
      : K extends { type: 'enum'; values: readonly (infer V extends string)[] }
        ? V
        : string;

/** A key always has a value when it has a default or is required; otherwise it may be unset. */
type AlwaysSet<K> = K extends { default: unknown } ? true : K extends { required: true } ? true : false;

type KeyValue<K extends KeySpec> = AlwaysSet<K> extends true ? ValueOf<K> : ValueOf<K> | undefined;

export type SectionOf<S extends SectionSpec> = {
  -readonly [K in keyof S['keys']]: KeyValue<S['keys'][K]>;
};

/**
 * The parsed configuration for a schema: every section and key of the schema, typed from its spec.
 * Infer the schema with `defineSchema` (or `as const`) so that enum keys get their literal union.
 */
export type ConfigOf<S extends ConfigSchema> = {
  -readonly [N in keyof S]: S[N] extends { optional: true } ? SectionValue<S[N]> | undefined : SectionValue<S[N]>;
};

/** A section with `entries` is a record of the keys the user wrote; any other has its declared keys. */
type SectionValue<S extends SectionSpec> = S extends { entries: { value: infer V extends KeySpec } } ? Record<string, ValueOf<V>> : SectionOf<S>;
