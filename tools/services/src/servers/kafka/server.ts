import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { javaFor } from '../../java.js';
import { jvmInstanceMarker, outputLogOf } from '../../lifecycle/runtime-files.js';
import { cacheDir } from '../../paths.js';
import { runCommand } from '../../run-command.js';
import type { ServerContext, ServerDefinition } from '../../server-definition.js';
import { log4j2Properties, log4jProperties, newClusterId, serverProperties } from './config.js';
import { kafkaHealthy } from './health.js';
import { ensureKafkaJars } from './install.js';

const MAIN_CLASS = 'kafka.Kafka';

export const kafka: ServerDefinition = {
  name: 'kafka',
  dirName: (settings) => `kafka-${settings.selection.kafka.version}`,
  release: (settings) => `kafka ${settings.selection.kafka.version}`,
  ports: ['kafka', 'kafkaController', 'kafkaFaultListener'],
  endpoint: (settings) => `127.0.0.1:${settings.ports.kafka}`,
  signature: (dir) => [jvmInstanceMarker(dir), MAIN_CLASS],
  startTimeoutMs: 90_000,
  healthy: (settings) => kafkaHealthy([`127.0.0.1:${settings.ports.kafka}`]),
  logFiles: (dir) => [outputLogOf(dir)],

  async prepare(ctx: ServerContext) {
    const release = ctx.settings.selection.kafka;
    const jdk = javaFor(`kafka ${release.version}`, release.java, ctx.env, (message, fields) => ctx.logger.info(message, fields));
    const libs = await ensureKafkaJars(cacheDir(ctx.env), release);
    const dataDir = join(ctx.dir, 'data');
    // zstd and snappy unpack native libraries into a temp folder; /tmp may be mounted noexec.
    const tmpDir = join(ctx.dir, 'tmp');
    await mkdir(dataDir, { recursive: true });
    await mkdir(tmpDir, { recursive: true });
    const propertiesFile = join(ctx.dir, 'server.properties');
    await writeFile(propertiesFile, serverProperties(ctx.settings.ports, dataDir));
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
      const clusterId = newClusterId();
      ctx.logger.info('formatting Kafka storage', { dataDir, clusterId });
      await runCommand(java, ['-Xmx256m', ...jvmArgs, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile], {
        cwd: ctx.dir,
        env: ctx.env,
      });
    }

    return {
      command: java,
      args: ['-Xms512m', '-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true', jvmInstanceMarker(ctx.dir), ...jvmArgs, MAIN_CLASS, propertiesFile],
      env: ctx.env,
    };
  },
};
