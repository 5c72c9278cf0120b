import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { javaBinary } from '../../java.js';
import { jvmInstanceMarker, outputLogOf } from '../../lifecycle/runtime-files.js';
import { cacheDir } from '../../paths.js';
import { runCommand } from '../../run-command.js';
import type { ServerContext, ServerDefinition } from '../../server-definition.js';
import { log4jProperties, newClusterId, serverProperties } from './config.js';
import { kafkaHealthy } from './health.js';
import { ensureKafkaJars } from './install.js';

const MAIN_CLASS = 'kafka.Kafka';

export const kafka: ServerDefinition = {
  name: 'kafka',
  ports: ['kafka', 'kafkaController', 'kafkaFaultListener'],
  endpoint: (settings) => `127.0.0.1:${settings.ports.kafka}`,
  signature: (dir) => [jvmInstanceMarker(dir), MAIN_CLASS],
  startTimeoutMs: 90_000,
  healthy: (settings) => kafkaHealthy([`127.0.0.1:${settings.ports.kafka}`]),
  logFiles: (dir) => [outputLogOf(dir)],

  async prepare(ctx: ServerContext) {
    const libs = await ensureKafkaJars(cacheDir(ctx.env));
    const dataDir = join(ctx.dir, 'data');
    // zstd and snappy unpack native libraries into a temp folder; /tmp may be mounted noexec.
    const tmpDir = join(ctx.dir, 'tmp');
    await mkdir(dataDir, { recursive: true });
    await mkdir(tmpDir, { recursive: true });
    const propertiesFile = join(ctx.dir, 'server.properties');
    const log4jFile = join(ctx.dir, 'log4j.properties');
    await writeFile(propertiesFile, serverProperties(ctx.settings.ports, dataDir));
    await writeFile(log4jFile, log4jProperties());

    const java = javaBinary(ctx.env);
    const jvmArgs = [
      `-Dlog4j.configuration=${pathToFileURL(log4jFile).href}`,
      `-DZstdTempFolder=${tmpDir}`,
      `-Dorg.xerial.snappy.tempdir=${tmpDir}`,
      `-Djava.io.tmpdir=${tmpDir}`,
      '-cp',
      join(libs, '*'),
    ];

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
