import { ConfigError, loadConfig } from '@logpipe/config';
import { consoleLogger, parseAppArgs } from '@logpipe/runtime';
import { setupSchema } from './config/schema.js';
import { runSetup } from './run-setup.js';
import { formatResults } from './steps/step-result.js';

/**
 * `setup [--config FILE] [--check]`: the stack's one-shot setup job. Prints one line per thing it
 * looked at (created, updated, unchanged or skipped) and exits 0; 1 when a step failed, 2 when
 * the configuration is invalid.
 */
async function main(): Promise<void> {
  const args = parseAppArgs('logpipe-setup', process.argv.slice(2), process.env, '/etc/logpipe/compose/setup.ini');
  let config;
  try {
    config = loadConfig(args.configPath, setupSchema, { envPrefix: 'LOGPIPE_SETUP', env: process.env, allowEnv: ['LOGPIPE_SETUP_CONFIG'] });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`logpipe-setup: ${err.message}\n`);
    process.exit(2);
  }
  if (args.check) {
    process.stdout.write(`${args.configPath}: OK\n`);
    return;
  }
  const logger = consoleLogger({ level: config.log.level, format: config.log.format, fields: { service: 'logpipe-setup' } });
  const results = await runSetup(config, args.configPath, logger);
  process.stdout.write(formatResults(results));
}

main().catch((err: unknown) => {
  process.stderr.write(`logpipe-setup: failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
