export {
  defineSchema,
  type ConfigSchema,
  type SectionSpec,
  type EntriesSpec,
  type KeySpec,
  type KeyType,
  type StringKeySpec,
  type IntegerKeySpec,
  type BooleanKeySpec,
  type DurationKeySpec,
  type BytesKeySpec,
  type ListKeySpec,
  type EnumKeySpec,
  type AddressKeySpec,
  type ListItems,
  type SectionRule,
} from './schema.js';
export { bothOrNeither, onlyWhen } from './section-rules.js';
export { HOST_PORT_FORMAT, hostPortProblem, urlFormat, urlProblem } from './endpoints.js';
export { type ConfigOf, type SectionOf, type ValueOf } from './config-of.js';
export { ConfigError, type ConfigProblem, formatProblem } from './config-error.js';
export { parseConfig, type ConfigOptions } from './parse-config.js';
export { loadConfig, unreadableFile } from './load-config.js';
export { envVarName } from './env-names.js';
export { parseDuration, parseBytes } from './units.js';
export { MAX_DURATION } from './convert-value.js';
export { renderSchemaDocs, type SchemaDocsOptions } from './schema-docs.js';
