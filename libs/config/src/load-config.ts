import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import type { ConfigOf } from './config-of.js';
import { parseConfig, type ConfigOptions } from './parse-config.js';
import type { ConfigSchema } from './schema.js';

/**
 * Reads the INI file at `path` and parses it with `parseConfig`. Synchronous on purpose: config
 * is read once at startup, before anything else can run. Throws `ConfigError`, also when the
 * file cannot be read.
 */
export function loadConfig<const S extends ConfigSchema>(path: string, schema: S, options: ConfigOptions): ConfigOf<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([{ source: path, message: describeReadError(err, path) }]);
  }
  return parseConfig(text, path, schema, { fileProblem: unreadableFile, ...options });
}

/** Why a file a key names (a certificate, a key) cannot be read, for keys marked `file`. */
export function unreadableFile(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'is a directory; give the path of the file';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `no such file (looked for ${resolve(path)})`;
    if (code === 'EACCES') return 'cannot be read: permission denied; make it readable by the user the app runs as';
    return `cannot be read: ${(err as Error).message}`;
  }
}

function describeReadError(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  // The absolute path settles "which directory was it relative to?".
  if (code === 'ENOENT') return `config file not found (looked for ${resolve(path)}); create it or give the right path`;
  if (code === 'EACCES') return 'cannot read the config file: permission denied; make it readable by the user the app runs as';
  if (code === 'EISDIR') return 'is a directory; give the path of the .ini file';
  return `cannot read the config file: ${err instanceof Error ? err.message : String(err)}`;
}
