import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getJson } from '../../http-probe.js';
import { javaHome } from '../../java.js';
import { jvmInstanceMarker, outputLogOf, pidFileOf } from '../../lifecycle/runtime-files.js';
import { cacheDir } from '../../paths.js';
import type { ServerContext, ServerDefinition } from '../../server-definition.js';
import type { Settings } from '../../settings.js';
import { CLUSTER_NAME, elasticsearchYml, launchCommand } from './config.js';
import { ensureElasticsearchHome } from './install.js';

const url = (settings: Settings): string => `http://127.0.0.1:${settings.ports.elasticsearch}`;

export const elasticsearch: ServerDefinition = {
  name: 'elasticsearch',
  ports: ['elasticsearch', 'elasticsearchTransport'],
  endpoint: url,
  signature: (dir) => [jvmInstanceMarker(dir)],
  // 20-40 s alone on a 2-core machine; longer while Kafka's JVM starts beside it.
  startTimeoutMs: 180_000,
  logFiles: (dir) => [outputLogOf(dir), join(dir, 'logs', `${CLUSTER_NAME}.log`)],

  // This distribution has no handler for `GET /` (405), so ask for the cluster health. Yellow is
  // fine: replicas of a one-node cluster can never be assigned.
  async healthy(settings) {
    const health = (await getJson(`${url(settings)}/_cluster/health`)) as { status?: string } | undefined;
    return health?.status === 'green' || health?.status === 'yellow';
  },

  async prepare(ctx: ServerContext) {
    const esHome = await ensureElasticsearchHome(cacheDir(ctx.env));
    const confDir = join(ctx.dir, 'config');
    const tmpDir = join(ctx.dir, 'tmp');
    const paths = { data: join(ctx.dir, 'data'), logs: join(ctx.dir, 'logs') };
    for (const dir of [confDir, tmpDir, paths.data, paths.logs]) await mkdir(dir, { recursive: true });
    // Our own config folder (ES_PATH_CONF), so the keystore that Elasticsearch creates on first
    // start is per checkout and the cached ES_HOME stays untouched. Existing files are kept.
    await cp(join(esHome, 'config'), confDir, { recursive: true, force: false, errorOnExist: false });
    await writeFile(join(confDir, 'elasticsearch.yml'), elasticsearchYml(ctx.settings.ports, paths));

    const marker = jvmInstanceMarker(ctx.dir);
    const heap = ctx.settings.elasticsearchHeap;
    const env: NodeJS.ProcessEnv = {
      ...ctx.env,
      ES_JAVA_HOME: javaHome(ctx.env),
      ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap} ${marker}`,
      // The launcher JVM carries the marker too, so `down` can stop it if it hangs mid-start.
      CLI_JAVA_OPTS: marker,
      ES_PATH_CONF: confDir,
      // JNA and Lucene unpack native code into the temp dir; /tmp may be noexec.
      ES_TMPDIR: tmpDir,
    };
    // bin/elasticsearch warns about these and ignores them; drop them to keep the log clean.
    for (const name of ['JAVA_HOME', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JAVA_OPTS']) delete env[name];

    const { command, args } = launchCommand({ esHome, pidFile: pidFileOf(ctx.dir), uid: process.getuid?.() ?? -1 });
    return { command, args, env, daemonizes: true };
  },
};
