/**
 * JavaScript group names must be identifiers, but ours are ECS paths: `(?<http.response.status_code>\d+)`,
 * `(?<@timestamp>…)`. This rewrites each named group to `(?<g0>…)`, `(?<g1>…)`, … and returns
 * the paths in that order. A `:int` or `:float` suffix (`(?<duration_ms:int>\d+)`) asks for a number.
 *
 * Escapes and character classes are skipped, so `\(?<x>` and `[(?<x>]` stay literal, and the
 * lookbehinds `(?<=` and `(?<!` are not groups.
 */
export interface NamedGroup {
  path: string;
  type: 'string' | 'int' | 'float';
}

const GROUP_NAME = /^([A-Za-z_@][A-Za-z0-9_@]*(?:\.[A-Za-z_@][A-Za-z0-9_@]*)*)(?::(int|float))?$/;

export function rewriteNamedGroups(pattern: string): { source: string; groups: NamedGroup[] } {
  const groups: NamedGroup[] = [];
  let source = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      source += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      source += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      source += char;
      continue;
    }
    if (char === '(' && pattern.startsWith('?<', i + 1) && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
      const end = pattern.indexOf('>', i + 3);
      if (end === -1) throw new Error(`unclosed group name at column ${i + 1}`);
      const name = pattern.slice(i + 3, end);
      const m = GROUP_NAME.exec(name);
      if (m === null) throw new Error(`group name ${JSON.stringify(name)} is not a field path like http.response.status_code (an optional :int or :float may follow)`);
      source += `(?<g${groups.length}>`;
      groups.push({ path: m[1]!, type: (m[2] as 'int' | 'float' | undefined) ?? 'string' });
      i = end;
      continue;
    }
    source += char;
  }
  return { source, groups };
}
