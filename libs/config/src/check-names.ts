import type { ConfigProblem } from './config-error.js';
import { matchesWhole } from './convert-value.js';
import type { IniDocument, RawEntry } from './ini-document.js';
import type { ConfigSchema } from './schema.js';
import { closest } from './suggest.js';

/**
 * Problems with the file's structure: keys outside any section, unknown sections and unknown
 * keys. Unknown names are errors, not warnings, because they are usually typos, and a typo'd key
 * silently leaves the default in force.
 */
export function checkNames(doc: IniDocument, schema: ConfigSchema, source: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, entry] of doc.outside) {
    problems.push({ source, key, value: shownValue(entry), message: outsideMessage(key, schema) });
  }
  for (const [section, entries] of doc.sections) {
    // hasOwn, not `in` or indexing: a section named `constructor` must not find Object's.
    const sectionSpec = Object.hasOwn(schema, section) ? schema[section] : undefined;
    if (!sectionSpec) {
      const guess = closest(section, Object.keys(schema));
      const hint = guess ? `did you mean \`[${guess}]\`?` : `known sections: ${Object.keys(schema).map((s) => `[${s}]`).join(', ')}`;
      problems.push({ source, section, message: `unknown section; ${hint}` });
      continue;
    }
    if (sectionSpec.entries) {
      const { name, keyPattern, keyHint } = sectionSpec.entries;
      for (const [key, entry] of entries) {
        if (keyPattern && !matchesWhole(keyPattern, key)) {
          problems.push({ source, section, key, value: shownValue(entry), message: `is not a valid ${name}: must be ${keyHint ?? `a name matching ${String(keyPattern)}`}` });
        }
      }
      continue;
    }
    for (const [key, entry] of entries) {
      if (Object.hasOwn(sectionSpec.keys, key)) continue;
      const known = Object.keys(sectionSpec.keys);
      const guess = closest(key, known);
      const spec = guess === undefined ? undefined : sectionSpec.keys[guess];
      // A misspelt `pasword = ...` still holds the password: do not print it.
      const secret = spec?.type === 'string' && spec.secret === true;
      const hint = guess ? `did you mean \`${guess}\`?` : `[${section}] has: ${known.join(', ') || 'no keys'}`;
      problems.push({ source, section, key, value: secret ? '<hidden>' : shownValue(entry), message: `unknown key; ${hint}` });
    }
  }
  return problems;
}

function outsideMessage(key: string, schema: ConfigSchema): string {
  if (key.startsWith('[')) {
    // `[kafka] ; comment` is not a header to `ini`: it becomes a key, and the section's keys
    // land at the top level.
    return 'looks like a section header with something after it; a header must be alone on its line (put comments on their own line)';
  }
  const owners = Object.entries(schema).filter(([, spec]) => Object.hasOwn(spec.keys, key)).map(([name]) => `[${name}]`);
  const hint = owners.length > 0 ? `; \`${key}\` belongs in ${owners.join(' or ')}` : '';
  return `is outside any section; keys go below a [section] header${hint}`;
}

export function shownValue(entry: RawEntry): string {
  return typeof entry.value === 'string' ? entry.value : entry.value.join(', ');
}
