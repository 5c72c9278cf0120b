import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { javaFor } from '../../java.js';
import { jvmInstanceMarker } from '../../lifecycle/runtime-files.js';
import { cacheDir } from '../../paths.js';
import { runCommand } from '../../run-command.js';
import type { LaunchSpec, ServerContext } from '../../server-definition.js';
import { log4j2Properties, log4jProperties } from './config.js';
import { ensureKafkaJars } from './install.js';

export const KAFKA_MAIN_CLASS = 'kafka.Kafka';

export interface KafkaNodeSetup {
  /** server.properties for this process, given the folder its data goes in. */
  properties: (dataDir: string) => string;
  /** The KRaft cluster id to format new storage with; every node of one cluster needs the same. */
  clusterId: () => Promise<string>;
  /** Extra StorageTool `format` arguments (SCRAM users, for example). */
  formatArgs?: string[];
  heap?: string;
}

/**
 * What every Kafka process of the harness shares, single broker or cluster node: the cached jars,
 * logging, a temp dir that allows execution, formatting the storage once, and the launch line.
 */
export async function prepareKafkaNode(ctx: ServerContext, setup: KafkaNodeSetup): Promise<LaunchSpec> {
  const release = ctx.settings.selection.kafka;
  const jdk = javaFor(`kafka ${release.version}`, release.java, ctx.env, (message, fields) => ctx.logger.info(message, fields));
  const libs = await ensureKafkaJars(cacheDir(ctx.env), release);
  const dataDir = join(ctx.dir, 'data');
  // zstd and snappy unpack native libraries into a temp folder; /tmp may be mounted noexec.
  const tmpDir = join(ctx.dir, 'tmp');
  await mkdir(dataDir, { recursive: true });
  await mkdir(tmpDir, { recursive: true });
  const propertiesFile = join(ctx.dir, 'server.properties');
  await writeFile(propertiesFile, setup.properties(dataDir));
  let logging: string;
  if (release.logging === 'log4j2') {
    const file = join(ctx.dir, 'log4j2.properties');
    await writeFile(file, log4j2Properties());
    logging = `-Dlog4j2.configurationFile=${pathToFileURL(file).href}`;
  } else {
    const file = join(ctx.dir, 'log4j.properties');
    await writeFile(file, log4jProperties());
    logging = `-Dlog4j.configuration=${pathToFileURL(file).href}`;
  }

  const java = join(jdk.home, 'bin', 'java');
  const jvmArgs = [logging, `-DZstdTempFolder=${tmpDir}`, `-Dorg.xerial.snappy.tempdir=${tmpDir}`, `-Djava.io.tmpdir=${tmpDir}`, '-cp', join(libs, '*')];

  // KRaft storage must be formatted once; meta.properties marks it done, and a restart must
  // keep it (and every topic) rather than format again.
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    const clusterId = await setup.clusterId();
    ctx.logger.info('formatting Kafka storage', { dataDir, clusterId });
    await runCommand(java, ['-Xmx256m', ...jvmArgs, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile, ...(setup.formatArgs ?? [])], {
      cwd: ctx.dir,
      env: ctx.env,
    });
  }

  const heap = setup.heap ?? '512m';
  return {
    command: java,
    args: [`-Xms${heap}`, `-Xmx${heap}`, '-XX:+UseG1GC', '-Djava.awt.headless=true', jvmInstanceMarker(ctx.dir), ...jvmArgs, KAFKA_MAIN_CLASS, propertiesFile],
    env: ctx.env,
  };
}
