/**
 * How an app declares its configuration: sections → keys → one spec per key. The spec drives
 * parsing, validation, environment overrides, the result's TypeScript type (see `config-of.ts`)
 * and the generated docs, so all four always agree.
 */

interface KeyBase {
  /** One sentence for the generated docs: what the key controls. */
  description: string;
  /** A realistic value, shown in the docs and in the "is required" error. */
  example?: string;
  /**
   * The key must be set, in the file or the environment, and must not be empty. A required key
   * has no default: a default would make "required" meaningless.
   */
  required?: boolean;
  /**
   * An empty value (`key =`, or a variable set to "") is valid and means something. Otherwise it
   * is refused: a key left empty by mistake must not quietly become the default or nothing. A
   * list whose default is empty accepts it anyway, since it changes nothing.
   */
  allowEmpty?: boolean;
}

export interface StringKeySpec extends KeyBase {
  type: 'string';
  default?: string;
  pattern?: RegExp;
  /** What a matching value looks like, in words: "must be <patternHint>". */
  patternHint?: string;
  /** Passwords and tokens: error messages show `<hidden>` instead of the value. */
  secret?: boolean;
  /**
   * The value is the path of a file the app reads (a certificate, a key): `loadConfig` checks
   * that it can be read, so a typo fails `--check`, not the first connection.
   */
  file?: boolean;
}

export interface IntegerKeySpec extends KeyBase {
  type: 'integer';
  default?: number;
  min?: number;
  max?: number;
}

/** Accepts true/false, yes/no, on/off and 1/0, in any case. */
export interface BooleanKeySpec extends KeyBase {
  type: 'boolean';
  default?: boolean;
}

/** "250ms", "5s", "1m", "2h", "7d" or "0"; the result is in milliseconds. */
export interface DurationKeySpec extends KeyBase {
  type: 'duration';
  default?: string;
  /** Bounds in the same notation as values, e.g. "10ms". */
  min?: string;
  max?: string;
}

/** "512", "64KiB", "10MB", "1GiB"; the result is in bytes. */
export interface BytesKeySpec extends KeyBase {
  type: 'bytes';
  default?: string;
  /** Bounds in the same notation as values, e.g. "1KiB". */
  min?: string;
  max?: string;
}

/** What every item of a list of servers must be. */
export type ListItems =
  /** Kafka bootstrap brokers: `host:port`, port 1..65535. */
  | { kind: 'host-port' }
  /** Elasticsearch nodes, etcd endpoints: a URL of one of these schemes, naming a host. */
  | { kind: 'url'; schemes: readonly string[] };

/** Comma-separated, or one `key[] = item` line per item; items are trimmed, empty ones dropped. */
export interface ListKeySpec extends KeyBase {
  type: 'list';
  default?: readonly string[];
  /** Every item must match. */
  pattern?: RegExp;
  patternHint?: string;
  /** Every item must be a server address of this kind. */
  items?: ListItems;
}

export interface EnumKeySpec extends KeyBase {
  type: 'enum';
  values: readonly string[];
  /** Other spellings accepted for a value, e.g. `{ '-1': 'all' }`; the result is the value. */
  aliases?: Readonly<Record<string, string>>;
  default?: string;
}

/** "host:port", "[::1]:port", or ":port" (all interfaces, for listen addresses); port 0..65535. */
export interface AddressKeySpec extends KeyBase {
  type: 'address';
  default?: string;
}

export type KeySpec =
  | StringKeySpec
  | IntegerKeySpec
  | BooleanKeySpec
  | DurationKeySpec
  | BytesKeySpec
  | ListKeySpec
  | EnumKeySpec
  | AddressKeySpec;

export type KeyType = KeySpec['type'];

/**
 * A section whose keys the user names, such as `[routes]` with one key per Kafka topic: every key
 * is accepted when it matches `keyPattern`, and its value is converted with `value`. The parsed
 * section is a record of the written keys. Such keys have no environment variables: their names
 * are not known in advance.
 */
export interface EntriesSpec {
  /** What a key names, in the docs and in errors: `topic` is shown as `<topic>`. */
  name: string;
  /** Every key must match it whole. */
  keyPattern?: RegExp;
  /** What a matching key looks like, in words: "must be <keyHint>". */
  keyHint?: string;
  /** Spec of every value; `required` and `default` have no meaning here and are refused. */
  value: KeySpec;
}

export interface SectionSpec {
  description: string;
  keys: Readonly<Record<string, KeySpec>>;
  /** Keys the user names (see EntriesSpec); `keys` must then be empty. */
  entries?: EntriesSpec;
  /**
   * The section may be left out; the result then holds `undefined` for it and its required keys
   * are not asked for. Setting any of its keys through the environment makes it present.
   */
  optional?: boolean;
  /**
   * Rules between keys of the section that no single key's spec can say ("a client certificate
   * needs its key"), run when every key converted. Each problem names the key to fix.
   */
  rules?: readonly SectionRule[];
}

/**
 * One rule between keys: the problem it finds in the section's converted values, if any. `config`
 * holds every section, for a rule that depends on another one (a key of a section with problems
 * of its own may be missing there).
 */
export type SectionRule = (
  values: Readonly<Record<string, unknown>>,
  config: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>,
) => { key: string; message: string } | undefined;

/**
 * Section names may contain dots: `[kafka.tls]` in the file is section `'kafka.tls'` here
 * (the `ini` package nests it under `kafka`; the parser flattens it back).
 */
export type ConfigSchema = Readonly<Record<string, SectionSpec>>;

/**
 * Returns the schema unchanged, but infers it with literal types (enum values, `required: true`,
 * `optional: true`), which `ConfigOf` needs. Equivalent to `{ ... } as const satisfies ConfigSchema`.
 */
export function defineSchema<const S extends ConfigSchema>(schema: S): S {
  return schema;
}
