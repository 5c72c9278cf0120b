import { parseArgs } from 'node:util';
import { CONNECTION_OPTIONS } from '../connect/settings.js';
import type { CommandSpec, OptionSpec, OptionValue } from './command.js';
import { UsageError } from './errors.js';

/** Flags every command takes besides its own and the connection flags. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', description: 'print JSON instead of text, for scripts' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

export type CommandLine =
  | { kind: 'run'; command: CommandSpec; values: Record<string, OptionValue>; positionals: string[] }
  | { kind: 'help'; words: string[] }
  | { kind: 'version' };

/**
 * `logctl <command words> [flags] [arguments]`: the longest run of leading words that names a
 * command selects it, and node:util's parseArgs reads the rest strictly (an unknown flag is a
 * usage error, `--` ends the flags). `logctl help WORDS` and `--help` anywhere ask for help.
 */
export function parseCommandLine(argv: readonly string[], commands: readonly CommandSpec[]): CommandLine {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') return { kind: 'help', words: [] };
  if (first === '--version') return { kind: 'version' };
  if (first === 'help') return { kind: 'help', words: argv.slice(1).filter((word) => !word.startsWith('-')) };

  const words: string[] = [];
  for (const token of argv) {
    if (token.startsWith('-')) break;
    words.push(token);
  }
  const command = [...commands]
    .filter((c) => c.path.every((word, i) => words[i] === word))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!command) {
    const groups = commands.filter((c) => c.path.length > 1 && c.path[0] === words[0]);
    if (groups.length > 0 && (words.length === 1 || argv.includes('--help') || argv.includes('-h'))) return { kind: 'help', words: [words[0]!] };
    const named = words.length > 0 ? `"${words.slice(0, groups.length > 0 ? 2 : 1).join(' ')}"` : `"${first}"`;
    throw new UsageError(`unknown command ${named}; run \`logctl --help\` for the list`);
  }

  const options: Record<string, OptionSpec> = { ...COMMON_OPTIONS, ...CONNECTION_OPTIONS, ...command.options };
  const name = command.path.join(' ');
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(command.path.length),
      options: Object.fromEntries(
        Object.entries(options).map(([flag, spec]) => [flag, { type: spec.type, multiple: spec.multiple ?? false, ...(spec.short ? { short: spec.short } : {}) }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${name}: ${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; run \`logctl ${name} --help\``);
  }
  if (parsed.values.help === true) return { kind: 'help', words: [...command.path] };
  // `--brokers ""` (an unset shell variable, say) must not quietly mean "the default".
  for (const [flag, value] of Object.entries(parsed.values)) {
    const given: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    const empty = given.some((item) => typeof item === 'string' && item.trim() === '');
    if (empty) throw new UsageError(`${name}: --${flag} is empty; give it a value (--${flag} ${options[flag]?.value ?? 'VALUE'}), or leave the flag out`);
  }
  const { min, max } = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new UsageError(`${name} takes ${expected} argument${max === 1 ? '' : 's'}, got ${parsed.positionals.length}: usage: logctl ${name} ${command.usage}`);
  }
  return { kind: 'run', command, values: parsed.values as Record<string, OptionValue>, positionals: parsed.positionals };
}
