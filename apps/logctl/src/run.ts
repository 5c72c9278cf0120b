import { renderHelp } from './cli/help.js';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError } from './cli/errors.js';
import { Output, type Streams } from './cli/output.js';
import { parseCommandLine } from './cli/parse-command-line.js';
import { COMMANDS } from './commands.js';
import { Settings } from './connect/settings.js';
import { VERSION } from './version.js';

/**
 * Reads the command line, runs the command and returns the exit code: 0 done, 1 failed, 2 usage
 * or validation error. Every error is printed as one `logctl: ...` message that says what to do.
 */
export async function run(argv: readonly string[], streams: Streams, env: NodeJS.ProcessEnv, interrupted: AbortSignal): Promise<number> {
  try {
    const line = parseCommandLine(argv, COMMANDS);
    if (line.kind === 'version') {
      streams.stdout.write(`logctl ${VERSION}\n`);
      return EXIT_OK;
    }
    if (line.kind === 'help') {
      const text = renderHelp(line.words, COMMANDS);
      if (text === undefined) throw new UsageError(`no help for "${line.words.join(' ')}": no such command; run \`logctl --help\``);
      streams.stdout.write(text);
      return EXIT_OK;
    }
    const { command, values, positionals } = line;
    const flags = Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const out = new Output(streams, env, values.json === true);
    const settings = new Settings(flags, env);
    // A bad address is a usage error before anything runs, even for a server the command
    // reaches only in some cases (status asks Kafka only when there are topics).
    settings.check(command.servers);
    return (await command.run({ command, values, positionals, out, env, settings, interrupted })) ?? EXIT_OK;
  } catch (err) {
    if (err instanceof CliError) {
      streams.stderr.write(`logctl: ${err.message}\n`);
      return err.exitCode;
    }
    streams.stderr.write(`logctl: unexpected error (please report it): ${(err as Error).stack ?? String(err)}\n`);
    return EXIT_FAILURE;
  }
}
