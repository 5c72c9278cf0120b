import { readFile } from 'node:fs/promises';
import type { Client, ClientOptions } from '@elastic/elasticsearch';
import { createSearchClient } from '@logpipe/search';
import { secureElasticsearch, startServers } from '@logpipe/services';
import { countDocuments } from '../support/elasticsearch.js';

export type Credentials = { username: string; password: string } | { apiKey: string };

/**
 * The secured Elasticsearch (`elasticsearch-secure`: HTTPS, security on), started if it is not
 * running, with an admin client for setting up and counting, and the `[elasticsearch]` INI lines
 * that make the transfer use it as a given principal.
 */
export async function secureSearch() {
  await startServers(['elasticsearch-secure']);
  const server = await secureElasticsearch();
  const ca = await readFile(server.caCert);
  const client = (auth: ClientOptions['auth']): Client => createSearchClient({ node: server.url, auth, tls: { ca }, maxRetries: 0, requestTimeout: 30_000 });
  const admin = client({ username: 'admin', password: server.passwords.admin });

  return {
    ...server,
    admin,
    client,
    /** `nodes`, the credentials and `ca_file` (unless `caFile` says otherwise: null leaves it out). */
    ini(credentials: Credentials, caFile: string | null = server.caCert): string[] {
      return [
        ...('apiKey' in credentials ? [`api_key = ${credentials.apiKey}`] : [`username = ${credentials.username}`, `password = ${credentials.password}`]),
        ...(caFile === null ? [] : [`ca_file = ${caFile}`]),
      ];
    },
    user: (username: keyof typeof server.passwords): Credentials => ({ username, password: server.passwords[username] }),
    count: (index: string) => countDocuments(admin, index),
    /**
     * An API key made by the admin with the given role descriptors (the writer's, for the
     * transfer); its `encoded` form is what `[elasticsearch] api_key` takes.
     */
    async createApiKey(name: string, roleDescriptors: Record<string, unknown>): Promise<{ id: string; encoded: string }> {
      const key = await admin.security.createApiKey({ name, expiration: '1h', role_descriptors: roleDescriptors as never });
      return { id: key.id, encoded: key.encoded };
    },
    async deleteIndices(pattern: string): Promise<void> {
      await admin.indices.delete({ index: pattern, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
    },
  };
}

export type SecureSearch = Awaited<ReturnType<typeof secureSearch>>;

/** The writer's privileges, as the role logtransfer_writer grants them (tools/services/.../file-realm.ts). */
export const WRITER_ROLE = {
  cluster: ['monitor', 'manage_index_templates'],
  indices: [{ names: ['logs-*'], privileges: ['create_index', 'write', 'auto_configure'] }],
};

/** Fails naming the secret when `text` contains any of them; `where` says which output it was. */
export function assertNoSecrets(where: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (secret.length < 8) throw new Error(`a secret of ${secret.length} characters would match by chance; use longer ones`);
    const at = text.indexOf(secret);
    if (at >= 0) throw new Error(`${where} contains a secret (${secret.slice(0, 3)}…) at ${at}: ${text.slice(Math.max(0, at - 200), at)}[SECRET]`);
  }
}
