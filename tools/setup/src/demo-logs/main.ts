import { parseArgs } from 'node:util';
import { parseBytes } from '@logpipe/config';
import { consoleLogger, runServices } from '@logpipe/runtime';
import { DemoLogWriter } from './demo-log-writer.js';

/**
 * `demo-logs [--dir DIR] [--rate N] [--max-file-bytes SIZE]`: writes demo traffic until SIGTERM.
 * Options also come from `DEMO_LOGS_DIR`, `DEMO_LOGS_RATE` and `DEMO_LOGS_MAX_FILE_BYTES`.
 */
async function main(): Promise<void> {
  const usage = 'usage: demo-logs [--dir DIR] [--rate REQUESTS_PER_SECOND] [--max-file-bytes SIZE]\n';
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { dir: { type: 'string' }, rate: { type: 'string' }, 'max-file-bytes': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`demo-logs: ${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const dir = values.dir ?? process.env.DEMO_LOGS_DIR ?? '/var/log/demo';
  const rate = Number(values.rate ?? process.env.DEMO_LOGS_RATE ?? '5');
  const maxFileBytesText = values['max-file-bytes'] ?? process.env.DEMO_LOGS_MAX_FILE_BYTES ?? '20MiB';
  const maxFileBytes = parseBytes(maxFileBytesText);
  if (maxFileBytes === undefined || maxFileBytes < 1024) {
    process.stderr.write(`demo-logs: --max-file-bytes must be a size of at least 1KiB such as 20MiB, got ${maxFileBytesText}\n`);
    process.exit(2);
  }
  if (!Number.isFinite(rate) || rate <= 0 || rate > 10_000) {
    process.stderr.write(`demo-logs: --rate must be a number of requests per second between 0 and 10000, got ${values.rate ?? process.env.DEMO_LOGS_RATE}\n`);
    process.exit(2);
  }
  const logger = consoleLogger({ level: 'info', format: 'auto', fields: { service: 'demo-logs' } });
  await runServices([new DemoLogWriter({ dir, requestsPerSecond: rate, maxFileBytes, logger })], { logger, shutdownTimeoutMs: 5000 });
}

main().catch((err: unknown) => {
  process.stderr.write(`demo-logs: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
