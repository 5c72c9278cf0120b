import { checkSchema } from './check-schema.js';
import { envVarName, normalizePrefix } from './env-names.js';
import { ADDRESS_FORMAT } from './address.js';
import type { ConfigSchema, EntriesSpec, KeySpec, KeyType } from './schema.js';
import { BYTES_FORMAT, DURATION_FORMAT } from './units.js';
import { MAX_DURATION } from './convert-value.js';
import { HOST_PORT_FORMAT, urlFormat } from './endpoints.js';

export interface SchemaDocsOptions {
  envPrefix: string;
  /** Markdown heading level of each section's title; 2 (`##`) when left out. */
  headingLevel?: number;
}

/** How each type is written, for the notes below the tables. Only types in use are explained. */
const FORMATS: Partial<Record<KeyType, string>> = {
  boolean: 'true or false; yes/no, on/off and 1/0 work too.',
  duration: `${DURATION_FORMAT}; at most ${MAX_DURATION}, the longest a timer can wait.`,
  bytes: `${BYTES_FORMAT}.`,
  list: 'items separated by commas, or one `key[] = item` line per item; spaces around items and empty items are dropped.',
  address: `${ADDRESS_FORMAT}.`,
};

/**
 * Markdown reference for a schema: one table per section with each key's type, default,
 * environment variable, description and example. Docs are generated from the schema the app
 * validates with, so they cannot drift from it.
 */
export function renderSchemaDocs(schema: ConfigSchema, options: SchemaDocsOptions): string {
  checkSchema(schema, options.envPrefix);
  const heading = '#'.repeat(options.headingLevel ?? 2);
  const out: string[] = [];
  const typesUsed = new Set<KeyType>();
  for (const [section, sectionSpec] of Object.entries(schema)) {
    out.push(`${heading} [${section}]`, '', sectionSpec.description);
    if (sectionSpec.optional) out.push('', 'This section is optional: it may be left out.');
    if (sectionSpec.entries) {
      out.push('', ...entriesTable(sectionSpec.entries), '');
      typesUsed.add(sectionSpec.entries.value.type);
      continue;
    }
    out.push('', '| Key | Type | Default | Environment variable | Description | Example |', '| --- | --- | --- | --- | --- | --- |');
    for (const [key, spec] of Object.entries(sectionSpec.keys)) {
      typesUsed.add(spec.type);
      const cells = [
        code(key),
        typeCell(spec),
        defaultCell(spec),
        code(envVarName(options.envPrefix, section, key)),
        escape(spec.description),
        spec.example === undefined ? '' : code(spec.example),
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  const prefix = `${normalizePrefix(options.envPrefix)}_`;
  out.push(
    `${heading} Environment variables`,
    '',
    `Every key can be set with the variable in its row, which wins over the file. Any other variable starting with \`${prefix}\` is rejected as a likely typo.`,
    '',
  );
  const notes = Object.entries(FORMATS).filter(([type]) => typesUsed.has(type as KeyType)).map(([type, format]) => `- **${type}**: ${format}`);
  out.push(
    `${heading} Value formats`,
    '',
    ...notes,
    '- **empty values**: a key written as `key =` (or a variable set to "") is an error, unless its description says what empty means; remove the line to get the default.',
    '',
  );
  return out.join('\n');
}

/** A section of user-named keys: one row for them all, and no variables. */
function entriesTable(entries: EntriesSpec): string[] {
  const { name, keyHint, keyPattern, value } = entries;
  const keyRule = keyHint ? escape(keyHint) : keyPattern ? `matching ${code(String(keyPattern))}` : 'any name';
  return [
    `Each key is a ${name} of your choice (${keyRule}); these keys cannot be set from the environment.`,
    '',
    '| Key | Type | Description | Example |',
    '| --- | --- | --- | --- |',
    `| ${code(`<${name}>`)} | ${typeCell(value)} | ${escape(value.description)} | ${value.example === undefined ? '' : code(value.example)} |`,
  ];
}

function typeCell(spec: KeySpec): string {
  switch (spec.type) {
    case 'enum': {
      const aliases = Object.entries(spec.aliases ?? {}).map(([alias, value]) => ` (${code(alias)} means ${code(value)})`);
      return `one of ${spec.values.map(code).join(', ')}${aliases.join('')}`;
    }
    case 'integer':
    case 'duration':
    case 'bytes':
      if (spec.min !== undefined && spec.max !== undefined) return `${spec.type}, ${spec.min} to ${spec.max}`;
      if (spec.min !== undefined) return `${spec.type}, at least ${spec.min}`;
      if (spec.max !== undefined) return `${spec.type}, at most ${spec.max}`;
      return spec.type;
    case 'list':
      if (spec.items) return `list of ${escape(spec.items.kind === 'host-port' ? HOST_PORT_FORMAT : urlFormat(spec.items.schemes))}`;
      if (spec.patternHint) return `${spec.type}: ${escape(spec.patternHint)}`;
      return spec.pattern ? `${spec.type} matching ${code(String(spec.pattern))}` : spec.type;
    case 'string':
      if (spec.file) return 'path of a readable file';
      if (spec.patternHint) return `${spec.type}: ${escape(spec.patternHint)}`;
      return spec.pattern ? `${spec.type} matching ${code(String(spec.pattern))}` : spec.type;
    default:
      return spec.type;
  }
}

function defaultCell(spec: KeySpec): string {
  if (spec.required) return '**required**';
  if (spec.default === undefined) return '(not set)';
  if (Array.isArray(spec.default)) return spec.default.length === 0 ? '(empty)' : code(spec.default.join(', '));
  return code(String(spec.default));
}

function code(text: string): string {
  return `\`${escape(text)}\``;
}

/** Pipes end a table cell and newlines end the row, wherever they are. */
function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
