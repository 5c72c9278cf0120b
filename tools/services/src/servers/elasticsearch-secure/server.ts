import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jvmInstanceMarker, outputLogOf } from '../../lifecycle/runtime-files.js';
import { cacheDir, serverDir } from '../../paths.js';
import { ensureTestPki, pkiDir, testPkiPaths } from '../../pki/test-pki.js';
import { describeSearch } from '../../releases.js';
import type { ServerContext, ServerDefinition } from '../../server-definition.js';
import { CLUSTER_NAME } from '../elasticsearch/config.js';
import { prepareSearchNode } from '../elasticsearch/prepare-node.js';
import { secureElasticsearchUrl } from './access.js';
import { ensureAnalysisPlugin, homeWithPlugin } from './analysis-plugin.js';
import { NODE_TLS, secureElasticsearchYml } from './config.js';
import { ensurePasswords, readPasswords, realmUsers } from './credentials.js';
import { ROLES_YML, usersFile, usersRolesFile } from './file-realm.js';
import { getJsonHttps } from './https-probe.js';
import { secureDirName, secureRelease } from './release.js';

/**
 * Elasticsearch with security on: HTTPS only, every request authenticated, users in the file
 * realm with the roles logpipe's components need (see file-realm.ts), API keys on (with the
 * analysis plugin the security index needs, see analysis-plugin.ts). The same
 * integ-test zip as `elasticsearch`, on ports of its own, so it runs beside it.
 */
export const elasticsearchSecure: ServerDefinition = {
  name: 'elasticsearch-secure',
  dirName: secureDirName,
  release: (settings) => `${describeSearch(secureRelease(settings))} (security on, HTTPS)`,
  ports: ['elasticsearchSecure', 'elasticsearchSecureTransport'],
  endpoint: (settings) => secureElasticsearchUrl(settings.ports.elasticsearchSecure),
  signature: (dir) => [jvmInstanceMarker(dir)],
  startTimeoutMs: 180_000,
  logFiles: (dir) => [outputLogOf(dir), join(dir, 'logs', `${CLUSTER_NAME}-secure.log`)],

  // Through the real HTTPS API, verified against the test CA, as the admin: proves TLS and the
  // file realm work, not only that the port is open. `healthy` gets no environment, so the
  // folder is found from this process's (LOGPIPE_RUN_DIR).
  async healthy(settings) {
    const passwords = await readPasswords(serverDir(secureDirName(settings), process.env));
    if (!passwords) return false;
    const ca = await readFile(testPkiPaths(pkiDir(process.env)).caCert).catch(() => undefined);
    if (!ca) return false;
    const url = `${secureElasticsearchUrl(settings.ports.elasticsearchSecure)}/_cluster/health`;
    const health = (await getJsonHttps(url, { ca, username: 'admin', password: passwords.admin })) as { status?: string } | undefined;
    return health?.status === 'green' || health?.status === 'yellow';
  },

  async prepare(ctx: ServerContext) {
    const pki = await ensureTestPki(ctx.env);
    await mkdir(ctx.dir, { recursive: true });
    const passwords = await ensurePasswords(ctx.dir);
    const users = realmUsers(passwords);
    return prepareSearchNode(ctx, secureRelease(ctx.settings), {
      yml: (paths) => secureElasticsearchYml(ctx.settings.ports, paths),
      home: async (cached, jdkHome) => homeWithPlugin(ctx.dir, cached, await ensureAnalysisPlugin(cacheDir(ctx.env), secureRelease(ctx.settings), cached, jdkHome)),
      configure: async (confDir) => {
        await mkdir(join(confDir, 'certs'), { recursive: true });
        await copyFile(pki.identities.server.cert, join(confDir, NODE_TLS.certificate));
        await copyFile(pki.identities.server.key, join(confDir, NODE_TLS.key));
        await copyFile(pki.caCert, join(confDir, NODE_TLS.ca));
        await writeFile(join(confDir, 'users'), usersFile(users), { mode: 0o600 });
        await writeFile(join(confDir, 'users_roles'), usersRolesFile(users), { mode: 0o600 });
        await writeFile(join(confDir, 'roles.yml'), ROLES_YML);
      },
    });
  },
};
