import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { javaFor } from '../../java.js';
import { jvmInstanceMarker, outputLogOf } from '../../lifecycle/runtime-files.js';
import { cacheDir } from '../../paths.js';
import { ensureTestPki } from '../../pki/test-pki.js';
import { CommandError, runCommand } from '../../run-command.js';
import type { ServerContext, ServerDefinition } from '../../server-definition.js';
import { log4j2Properties, log4jProperties, newClusterId } from '../kafka/config.js';
import { ensureKafkaJars } from '../kafka/install.js';
import { keystorePem, secureServerProperties } from './config.js';
import { kafkaSecureDirName } from './endpoints.js';
import { kafkaSecureHealthy } from './health.js';
import { addScramArgs, ensurePasswords } from './users.js';

const MAIN_CLASS = 'kafka.Kafka';

/**
 * A one-node Kafka with SASL_SSL (SCRAM-SHA-512), mutual TLS and ACLs on, beside the plaintext
 * default: the same jars, its own ports and folder. Started only by name (`up kafka-secure`).
 */
export const kafkaSecure: ServerDefinition = {
  name: 'kafka-secure',
  dirName: kafkaSecureDirName,
  release: (settings) => `kafka ${settings.selection.kafka.version}`,
  ports: ['kafkaSecureSasl', 'kafkaSecureMtls', 'kafkaSecureController'],
  endpoint: (settings) => `SASL_SSL 127.0.0.1:${settings.ports.kafkaSecureSasl}, mTLS 127.0.0.1:${settings.ports.kafkaSecureMtls}`,
  signature: (dir) => [jvmInstanceMarker(dir), MAIN_CLASS],
  startTimeoutMs: 120_000,
  // healthy() gets no env: the passwords are read from the run dir of process.env, as the CLI and tests run.
  healthy: () => kafkaSecureHealthy(),
  logFiles: (dir) => [outputLogOf(dir)],

  async prepare(ctx: ServerContext) {
    const release = ctx.settings.selection.kafka;
    const jdk = javaFor(`kafka ${release.version}`, release.java, ctx.env, (message, fields) => ctx.logger.info(message, fields));
    const libs = await ensureKafkaJars(cacheDir(ctx.env), release);
    const pki = await ensureTestPki(ctx.env);
    const dataDir = join(ctx.dir, 'data');
    const tmpDir = join(ctx.dir, 'tmp');
    await mkdir(dataDir, { recursive: true });
    await mkdir(tmpDir, { recursive: true });
    const keystore = join(ctx.dir, 'broker-keystore.pem');
    await writeFile(keystore, keystorePem(await readFile(pki.identities.server.key, 'utf8'), await readFile(pki.identities.server.cert, 'utf8')), { mode: 0o600 });
    const propertiesFile = join(ctx.dir, 'server.properties');
    await writeFile(propertiesFile, secureServerProperties(ctx.settings.ports, dataDir, { keystore, truststore: pki.caCert }));
    const log4j2 = release.logging === 'log4j2';
    const loggingFile = join(ctx.dir, log4j2 ? 'log4j2.properties' : 'log4j.properties');
    await writeFile(loggingFile, log4j2 ? log4j2Properties() : log4jProperties());
    const logging = `-D${log4j2 ? 'log4j2.configurationFile' : 'log4j.configuration'}=${pathToFileURL(loggingFile).href}`;

    const java = join(jdk.home, 'bin', 'java');
    const jvmArgs = [logging, `-DZstdTempFolder=${tmpDir}`, `-Dorg.xerial.snappy.tempdir=${tmpDir}`, `-Djava.io.tmpdir=${tmpDir}`, '-cp', join(libs, '*')];

    // The SCRAM users go into the metadata log at format time, before the broker ever runs:
    // nothing can log in until they exist, and there is no unauthenticated way to add them later.
    if (!existsSync(join(dataDir, 'meta.properties'))) {
      const passwords = await ensurePasswords(ctx.dir);
      const clusterId = newClusterId();
      ctx.logger.info('formatting Kafka storage with SCRAM users', { dataDir, clusterId, users: Object.keys(passwords) });
      try {
        await runCommand(java, ['-Xmx256m', ...jvmArgs, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile, ...addScramArgs(passwords)], { cwd: ctx.dir, env: ctx.env });
      } catch (err) {
        // The command line holds the passwords: say what failed without them.
        const output = err instanceof CommandError ? err.output : String(err);
        throw new Error(`formatting the kafka-secure storage failed:\n${Object.values(passwords).reduce((text, p) => text.replaceAll(p, '***'), output)}`);
      }
    }

    return {
      command: java,
      args: ['-Xms384m', '-Xmx384m', '-XX:+UseG1GC', '-Djava.awt.headless=true', jvmInstanceMarker(ctx.dir), ...jvmArgs, MAIN_CLASS, propertiesFile],
      env: ctx.env,
    };
  },
};
