import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RealmUser } from './file-realm.js';

/** Who the secured Elasticsearch knows: the harness's admin and one user per component role. */
export const SECURE_ES_USERS = {
  /** superuser: the health check, and tests that set up or count. */
  admin: 'superuser',
  /** The transfer. */
  logtransfer: 'logtransfer_writer',
  /** `logctl query`. */
  logctl: 'logctl_reader',
  /** The writer's cluster privileges but none on `logs-*`: 403 on every document. */
  logtransfer_no_index: 'logtransfer_no_index',
} as const;
export type SecureEsUser = keyof typeof SECURE_ES_USERS;

export type SecureEsPasswords = Record<SecureEsUser, string>;

export const credentialsFileOf = (dir: string): string => join(dir, 'credentials.json');

/**
 * Random passwords, made once per server folder and kept in `credentials.json` (mode 0600), so
 * a restart keeps them and tests read them from there. Random rather than fixed so a test that
 * greps logs for them cannot match anything but a leak; nothing is committed.
 */
export async function ensurePasswords(dir: string): Promise<SecureEsPasswords> {
  const file = credentialsFileOf(dir);
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as SecureEsPasswords;
  // base64url of 18 bytes: 24 characters, no ':' (basic auth's separator) nor YAML/INI specials.
  const passwords = Object.fromEntries(Object.keys(SECURE_ES_USERS).map((user) => [user, `pw-${randomBytes(18).toString('base64url')}`])) as SecureEsPasswords;
  await writeFile(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return passwords;
}

export async function readPasswords(dir: string): Promise<SecureEsPasswords | undefined> {
  const file = credentialsFileOf(dir);
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as SecureEsPasswords) : undefined;
}

export function realmUsers(passwords: SecureEsPasswords): RealmUser[] {
  return (Object.keys(SECURE_ES_USERS) as SecureEsUser[]).map((username) => ({ username, password: passwords[username], roles: [SECURE_ES_USERS[username]] }));
}
