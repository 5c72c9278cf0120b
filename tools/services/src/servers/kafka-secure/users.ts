import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The SCRAM users made at format time: the operator and one per app. */
export const SCRAM_USERS = ['admin', 'logagent', 'logtransfer'] as const;
export type ScramUser = (typeof SCRAM_USERS)[number];
export type ScramPasswords = Record<ScramUser, string>;

/** Where the passwords are kept, beside the broker's data; never committed (under .run). */
export const passwordsFileOf = (dir: string): string => join(dir, 'scram-passwords.json');

/**
 * Random passwords, made once per storage format: a fixed password would be a secret in the
 * repository, and random ones let the secrets test grep for exactly what was used.
 * Hex only, which StorageTool's `[name=...,password=...]` syntax takes without quoting.
 */
export async function ensurePasswords(dir: string): Promise<ScramPasswords> {
  const file = passwordsFileOf(dir);
  if (existsSync(file)) return readPasswords(dir);
  const passwords = Object.fromEntries(SCRAM_USERS.map((user) => [user, randomBytes(16).toString('hex')])) as ScramPasswords;
  await writeFile(file, JSON.stringify(passwords, null, 2) + '\n', { mode: 0o600 });
  return passwords;
}

export function readPasswords(dir: string): ScramPasswords {
  return JSON.parse(readFileSync(passwordsFileOf(dir), 'utf8')) as ScramPasswords;
}

/** StorageTool's `--add-scram` arguments, one per user. */
export function addScramArgs(passwords: ScramPasswords): string[] {
  return SCRAM_USERS.flatMap((user) => ['--add-scram', `SCRAM-SHA-512=[name=${user},password=${passwords[user]}]`]);
}
