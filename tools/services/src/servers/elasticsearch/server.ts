import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getJson } from '../../http-probe.js';
import { javaFor } from '../../java.js';
import { jvmInstanceMarker, outputLogOf, pidFileOf } from '../../lifecycle/runtime-files.js';
import { cacheDir } from '../../paths.js';
import { describeSearch, searchName } from '../../releases.js';
import type { ServerContext, ServerDefinition } from '../../server-definition.js';
import type { Settings } from '../../settings.js';
import { CLUSTER_NAME, elasticsearchYml, launchCommand } from './config.js';
import { ensureSearchHome } from './install.js';

const url = (settings: Settings): string => `http://127.0.0.1:${settings.ports.elasticsearch}`;

/** The environment each launcher reads: the same settings under each engine's own names. */
const LAUNCHER_ENV = {
  elasticsearch: { javaHome: 'ES_JAVA_HOME', javaOpts: 'ES_JAVA_OPTS', conf: 'ES_PATH_CONF', tmp: 'ES_TMPDIR' },
  opensearch: { javaHome: 'OPENSEARCH_JAVA_HOME', javaOpts: 'OPENSEARCH_JAVA_OPTS', conf: 'OPENSEARCH_PATH_CONF', tmp: 'OPENSEARCH_TMPDIR' },
} as const;

/**
 * The search server slot: Elasticsearch or OpenSearch, as LOGPIPE_SEARCH selects, on
 * LOGPIPE_ES_PORT. Named `elasticsearch` for the scripts and tests that address it.
 */
export const elasticsearch: ServerDefinition = {
  name: 'elasticsearch',
  dirName: (settings) => searchName(settings.selection.search),
  release: (settings) => describeSearch(settings.selection.search),
  ports: ['elasticsearch', 'elasticsearchTransport'],
  endpoint: url,
  signature: (dir) => [jvmInstanceMarker(dir)],
  // 20-40 s alone on a 2-core machine; longer while Kafka's JVM starts beside it.
  startTimeoutMs: 180_000,
  logFiles: (dir) => [outputLogOf(dir), join(dir, 'logs', `${CLUSTER_NAME}.log`)],

  // The Elasticsearch distribution has no handler for `GET /` (405), so ask for the cluster
  // health, which both engines answer. Yellow is fine: replicas of one node are never assigned.
  async healthy(settings) {
    const health = (await getJson(`${url(settings)}/_cluster/health`)) as { status?: string } | undefined;
    return health?.status === 'green' || health?.status === 'yellow';
  },

  async prepare(ctx: ServerContext) {
    const release = ctx.settings.selection.search;
    const jdk = javaFor(describeSearch(release), release.java, ctx.env, (message, fields) => ctx.logger.info(message, fields));
    const home = await ensureSearchHome(cacheDir(ctx.env), release);
    const confDir = join(ctx.dir, 'config');
    const tmpDir = join(ctx.dir, 'tmp');
    const paths = { data: join(ctx.dir, 'data'), logs: join(ctx.dir, 'logs') };
    for (const dir of [confDir, tmpDir, paths.data, paths.logs]) await mkdir(dir, { recursive: true });
    // Our own config folder, so the keystore created on first start is per run dir and the
    // cached home stays untouched. Existing files are kept.
    await cp(join(home, 'config'), confDir, { recursive: true, force: false, errorOnExist: false });
    await writeFile(join(confDir, `${release.engine}.yml`), elasticsearchYml(ctx.settings.ports, paths, release.engine));

    const marker = jvmInstanceMarker(ctx.dir);
    const heap = ctx.settings.elasticsearchHeap;
    const names = LAUNCHER_ENV[release.engine];
    const env: NodeJS.ProcessEnv = {
      ...ctx.env,
      [names.javaHome]: jdk.home,
      [names.javaOpts]: `-Xms${heap} -Xmx${heap} ${marker}`,
      // Elasticsearch's launcher JVM carries the marker too, so `down` can stop it if it hangs mid-start.
      CLI_JAVA_OPTS: marker,
      [names.conf]: confDir,
      // JNA and Lucene unpack native code into the temp dir; /tmp may be noexec.
      [names.tmp]: tmpDir,
    };
    // The launchers warn about these and ignore them; drop them to keep the log clean.
    for (const name of ['JAVA_HOME', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JAVA_OPTS']) delete env[name];

    return { ...launchCommand({ esHome: home, engine: release.engine, pidFile: pidFileOf(ctx.dir), uid: process.getuid?.() ?? -1 }), env };
  },
};
