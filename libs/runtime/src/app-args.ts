import { parseArgs } from 'node:util';

export interface AppArgs {
  configPath: string;
  check: boolean;
}

/**
 * The command line both daemons share: `--config FILE` (or `<APP>_CONFIG`) and `--check`.
 * Prints usage and exits 2 on anything else, as a usage error should.
 */
export function parseAppArgs(app: string, argv: string[], env: NodeJS.ProcessEnv, defaultConfig: string): AppArgs {
  const usage = `usage: ${app} [--config FILE] [--check]\n\n` +
    `  --config FILE  INI configuration (default: $${app.toUpperCase()}_CONFIG or ${defaultConfig})\n` +
    `  --check        validate the configuration, print every problem, and exit (0 valid, 2 invalid)\n`;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: 'string', short: 'c' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(usage);
      process.exit(0);
    }
    return { configPath: values.config ?? env[`${app.toUpperCase()}_CONFIG`] ?? defaultConfig, check: values.check ?? false };
  } catch (err) {
    process.stderr.write(`${app}: ${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
}
