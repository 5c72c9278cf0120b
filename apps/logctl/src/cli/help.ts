import { CONNECTION_OPTIONS } from '../connect/settings.js';
import type { CommandSpec, OptionSpec } from './command.js';
import { COMMON_OPTIONS } from './parse-command-line.js';

/** `logctl --help`, `logctl targets --help` or `logctl targets add --help`, by the words given. */
export function renderHelp(words: readonly string[], commands: readonly CommandSpec[]): string | undefined {
  if (words.length === 0) return overview(commands);
  const command = commands.find((c) => c.path.join(' ') === words.join(' '));
  if (command) return commandHelp(command);
  const group = commands.filter((c) => c.path[0] === words[0] && c.path.length > 1);
  if (group.length > 0 && words.length === 1) return groupHelp(words[0]!, group);
  return undefined;
}

function overview(commands: readonly CommandSpec[]): string {
  return [
    'logctl: manage and inspect a logpipe pipeline (targets in etcd, agents, Kafka lag, logs in Elasticsearch).',
    '',
    'Usage: logctl COMMAND [options]',
    '',
    'Commands:',
    ...list(commands.map((c) => [c.path.join(' '), c.summary])),
    '',
    'Every command takes --help, --json (output for scripts) and the connection flags --etcd, --brokers,',
    '--es, --agent-config FILE, --transfer-config FILE, --prefix (env LOGCTL_ETCD_ENDPOINTS,',
    'LOGCTL_KAFKA_BROKERS, LOGCTL_ELASTICSEARCH_NODES).',
    '',
    'Exit codes: 0 done, 1 failed (a server unreachable, a concurrent change), 2 usage or validation error.',
    'Run `logctl COMMAND --help` for a command\'s flags and examples; docs/logctl.md has them all.',
    '',
  ].join('\n');
}

function groupHelp(group: string, commands: readonly CommandSpec[]): string {
  return [`Usage: logctl ${group} COMMAND [options]`, '', 'Commands:', ...list(commands.map((c) => [c.path.join(' '), c.summary])), '', `Run \`logctl ${group} COMMAND --help\` for details.`, ''].join('\n');
}

function commandHelp(command: CommandSpec): string {
  const name = command.path.join(' ');
  const connection = Object.entries(CONNECTION_OPTIONS).filter(([, spec]) => spec.servers.some((server) => command.servers.includes(server)));
  const sections = [`Usage: logctl ${name} ${command.usage}`.trimEnd(), '', command.summary];
  if (command.description) sections.push('', command.description);
  if (Object.keys(command.options).length > 0) sections.push('', 'Options:', ...options(Object.entries(command.options)));
  if (connection.length > 0) sections.push('', 'Connection:', ...options(connection));
  sections.push('', 'Common:', ...options(Object.entries(COMMON_OPTIONS)));
  if (command.examples.length > 0) sections.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return sections.join('\n') + '\n';
}

function options(entries: [string, OptionSpec][]): string[] {
  return list(
    entries.map(([flag, spec]) => {
      const names = `${spec.short ? `-${spec.short}, ` : ''}--${flag}${spec.value ? ` ${spec.value}` : ''}`;
      return [names, spec.description + (spec.multiple ? ' (repeatable)' : '')];
    }),
  );
}

function list(rows: string[][]): string[] {
  const width = Math.max(...rows.map(([left]) => left!.length));
  return rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`);
}
