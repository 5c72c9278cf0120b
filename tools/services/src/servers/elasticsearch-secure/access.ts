import { readPasswords, type SecureEsPasswords } from './credentials.js';

export type { SecureEsPasswords, SecureEsUser } from './credentials.js';
import { secureDirName } from './release.js';
import { serverDir } from '../../paths.js';
import { pkiDir, testPkiPaths } from '../../pki/test-pki.js';
import { readSettings } from '../../settings.js';

/** How a client reaches the secured Elasticsearch: its HTTPS URL, the CA that signed it, the users' passwords. */
export interface SecureElasticsearch {
  url: string;
  caCert: string;
  passwords: SecureEsPasswords;
}

export const secureElasticsearchUrl = (port: number): string => `https://127.0.0.1:${port}`;

/**
 * What tests and humans need to talk to `elasticsearch-secure`, once `up elasticsearch-secure`
 * has run: the passwords live in its folder's credentials.json, never in the repository.
 * @throws when it was never started here.
 */
export async function secureElasticsearch(env: NodeJS.ProcessEnv = process.env): Promise<SecureElasticsearch> {
  const settings = readSettings(env);
  const dir = serverDir(secureDirName(settings), env);
  const passwords = await readPasswords(dir);
  if (!passwords) throw new Error(`no ${dir}/credentials.json: start the server first (npm run services -- up elasticsearch-secure)`);
  return { url: secureElasticsearchUrl(settings.ports.elasticsearchSecure), caCert: testPkiPaths(pkiDir(env)).caCert, passwords };
}
