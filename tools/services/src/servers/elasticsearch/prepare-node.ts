import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { javaFor } from '../../java.js';
import { jvmInstanceMarker, pidFileOf } from '../../lifecycle/runtime-files.js';
import { cacheDir } from '../../paths.js';
import { describeSearch, type SearchRelease } from '../../releases.js';
import type { LaunchSpec, ServerContext } from '../../server-definition.js';
import { launchCommand, type ElasticsearchPaths } from './config.js';
import { ensureSearchHome } from './install.js';

/** The environment each launcher reads: the same settings under each engine's own names. */
const LAUNCHER_ENV = {
  elasticsearch: { javaHome: 'ES_JAVA_HOME', javaOpts: 'ES_JAVA_OPTS', conf: 'ES_PATH_CONF', tmp: 'ES_TMPDIR' },
  opensearch: { javaHome: 'OPENSEARCH_JAVA_HOME', javaOpts: 'OPENSEARCH_JAVA_OPTS', conf: 'OPENSEARCH_PATH_CONF', tmp: 'OPENSEARCH_TMPDIR' },
} as const;

export interface NodeConfig {
  /** The node's `<engine>.yml`, given its data and log folders. */
  yml: (paths: ElasticsearchPaths) => string;
  /** Writes further files into the config folder (certificates, users), after the defaults are copied. */
  configure?: (confDir: string) => Promise<void>;
  /** The home to run from, given the cached one and the JDK: one with plugins of its own. */
  home?: (cachedHome: string, jdkHome: string) => Promise<string>;
}

/**
 * What every search node of the harness does before it starts: the JDK, the cached home, its own
 * config folder (so the keystore made on first start is per run dir and the cached home stays
 * untouched; existing files are kept), the yml, and the launcher's environment.
 */
export async function prepareSearchNode(ctx: ServerContext, release: SearchRelease, config: NodeConfig): Promise<LaunchSpec> {
  const jdk = javaFor(describeSearch(release), release.java, ctx.env, (message, fields) => ctx.logger.info(message, fields));
  const cached = await ensureSearchHome(cacheDir(ctx.env), release);
  const home = config.home ? await config.home(cached, jdk.home) : cached;
  const confDir = join(ctx.dir, 'config');
  const tmpDir = join(ctx.dir, 'tmp');
  const paths = { data: join(ctx.dir, 'data'), logs: join(ctx.dir, 'logs') };
  for (const dir of [confDir, tmpDir, paths.data, paths.logs]) await mkdir(dir, { recursive: true });
  await cp(join(cached, 'config'), confDir, { recursive: true, force: false, errorOnExist: false });
  await writeFile(join(confDir, `${release.engine}.yml`), config.yml(paths));
  await config.configure?.(confDir);

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
