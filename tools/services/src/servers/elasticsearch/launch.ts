import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { javaFor } from '../../java.js';
import { jvmInstanceMarker, pidFileOf } from '../../lifecycle/runtime-files.js';
import { cacheDir } from '../../paths.js';
import { describeSearch } from '../../releases.js';
import type { LaunchSpec, ServerContext } from '../../server-definition.js';
import { type ElasticsearchPaths, launchCommand } from './config.js';
import { ensureSearchHome } from './install.js';

/** The environment each launcher reads: the same settings under each engine's own names. */
const LAUNCHER_ENV = {
  elasticsearch: { javaHome: 'ES_JAVA_HOME', javaOpts: 'ES_JAVA_OPTS', conf: 'ES_PATH_CONF', tmp: 'ES_TMPDIR' },
  opensearch: { javaHome: 'OPENSEARCH_JAVA_HOME', javaOpts: 'OPENSEARCH_JAVA_OPTS', conf: 'OPENSEARCH_PATH_CONF', tmp: 'OPENSEARCH_TMPDIR' },
} as const;

/**
 * What every search node of the harness shares, single node or cluster member: the cached
 * distribution, a config folder of its own (so the keystore made on first start is per node and
 * the cached home stays untouched), a temp dir that allows execution, and the launch. `yml`
 * makes the node's elasticsearch.yml (or opensearch.yml) from its data and log paths.
 */
export async function prepareSearchNode(ctx: ServerContext, yml: (paths: ElasticsearchPaths) => string): Promise<LaunchSpec> {
  const release = ctx.settings.selection.search;
  const jdk = javaFor(describeSearch(release), release.java, ctx.env, (message, fields) => ctx.logger.info(message, fields));
  const home = await ensureSearchHome(cacheDir(ctx.env), release);
  const confDir = join(ctx.dir, 'config');
  const tmpDir = join(ctx.dir, 'tmp');
  const paths = { data: join(ctx.dir, 'data'), logs: join(ctx.dir, 'logs') };
  for (const dir of [confDir, tmpDir, paths.data, paths.logs]) await mkdir(dir, { recursive: true });
  // Existing files are kept.
  await cp(join(home, 'config'), confDir, { recursive: true, force: false, errorOnExist: false });
  await writeFile(join(confDir, `${release.engine}.yml`), yml(paths));

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
}
