import { rm } from 'node:fs/promises';
import { consoleLogger, LOG_FORMATS, LOG_LEVELS, type Logger, type LogFormatSetting, type LogLevel } from '@logpipe/runtime';
import { ServerStartFailure, ServicesStartError, type StartFailure } from './errors.js';
import { type ServerStatus, serverStatusOf } from './lifecycle/server-status.js';
import { type StartResult, startServer } from './lifecycle/start-server.js';
import { type StopOptions, type StopResult, stopServer } from './lifecycle/stop-server.js';
import { serverDir } from './paths.js';
import type { ServerName } from './server-definition.js';
import { resolveServers } from './servers/registry.js';
import { readSettings } from './settings.js';

/**
 * What the CLI and the integration tests call. Every function takes server names and works on
 * them in parallel. Omitted, `startServers` starts the four defaults; the others look at every
 * server the harness knows, optional ones (clusters, secured servers) included.
 */
export interface ServicesOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Progress goes here; defaults to stderr at LOGPIPE_LOG_LEVEL (info), as LOGPIPE_LOG_FORMAT
   * says (auto: readable text on a terminal, JSON lines otherwise; or json, text).
   */
  logger?: Logger;
}

function loggerFor(options: ServicesOptions): Logger {
  if (options.logger) return options.logger;
  const env = options.env ?? process.env;
  const level = env.LOGPIPE_LOG_LEVEL as LogLevel | undefined;
  const format = env.LOGPIPE_LOG_FORMAT as LogFormatSetting | undefined;
  return consoleLogger({
    level: level && LOG_LEVELS.includes(level) ? level : 'info',
    format: format && LOG_FORMATS.includes(format) ? format : 'auto',
    fields: { component: 'services' },
    env,
  });
}

/**
 * Starts the servers that are not running and resolves when all are healthy. When any fails, the
 * others still finish starting (they stay up), then a ServicesStartError lists every failure with
 * the end of its logs.
 */
export async function startServers(names: readonly ServerName[] = [], options: ServicesOptions = {}): Promise<StartResult[]> {
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  const logger = loggerFor(options);
  const definitions = resolveServers(names);
  const outcomes = await Promise.allSettled(
    definitions.map((def) => startServer(def, { dir: serverDir(def.dirName(settings), env), settings, env, logger: logger.child({ server: def.name }) })),
  );
  const failures: StartFailure[] = outcomes.flatMap((outcome, i) => {
    if (outcome.status === 'fulfilled') return [];
    const err = outcome.reason as Error;
    return [err instanceof ServerStartFailure ? err.failure : { server: definitions[i]!.name, reason: err.message, logTails: [] }];
  });
  if (failures.length > 0) throw new ServicesStartError(failures);
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<StartResult>).value);
}

export async function stopServers(names: readonly ServerName[] = [], options: ServicesOptions & StopOptions = {}): Promise<StopResult[]> {
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  return Promise.all(resolveServers(names, { everything: true }).map((def) => stopServer(def, serverDir(def.dirName(settings), env), options)));
}

export async function serverStatus(names: readonly ServerName[] = [], options: ServicesOptions = {}): Promise<ServerStatus[]> {
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  return Promise.all(resolveServers(names, { everything: true }).map((def) => serverStatusOf(def, serverDir(def.dirName(settings), env), settings)));
}

/** Stops the servers, then deletes their data, logs and config under .run/services. Downloads stay cached. */
export async function cleanServers(names: readonly ServerName[] = [], options: ServicesOptions & StopOptions = {}): Promise<StopResult[]> {
  const results = await stopServers(names, options);
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  for (const def of resolveServers(names, { everything: true })) await rm(serverDir(def.dirName(settings), env), { recursive: true, force: true });
  return results;
}
