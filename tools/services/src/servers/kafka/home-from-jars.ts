import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { javaFor } from '../../java.js';
import { cacheDir } from '../../paths.js';
import { readSettings } from '../../settings.js';
import { ensureKafkaJars } from './install.js';

/** The distribution's launchers a script may call, and the class each one runs. */
const LAUNCHERS: Record<string, string> = {
  'kafka-storage.sh': 'kafka.tools.StorageTool',
  'kafka-server-start.sh': 'kafka.Kafka',
};

/**
 * A KAFKA_HOME whose `bin/` launchers run the harness's cached Kafka jars on the JDK it picks, so
 * a script written for the apache/kafka image (config/compose/secure/kafka-start.sh) runs here
 * unchanged. The harness fetches jars from Maven Central, not the distribution's tarball, so its
 * `bin/` scripts are not there; these stand in for the two the compose scripts use, passing
 * every argument through as the real ones do.
 */
export async function kafkaHomeFromJars(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const release = readSettings(env).selection.kafka;
  const jdk = javaFor(`kafka ${release.version}`, release.java, env, () => undefined);
  const libs = await ensureKafkaJars(cacheDir(env), release);
  const tmp = join(dir, 'tmp');
  await mkdir(join(dir, 'bin'), { recursive: true });
  await mkdir(tmp, { recursive: true });
  for (const [name, mainClass] of Object.entries(LAUNCHERS)) {
    const file = join(dir, 'bin', name);
    const heap = mainClass === 'kafka.Kafka' ? '-Xms256m -Xmx384m' : '-Xmx256m';
    await writeFile(file, `#!/bin/sh\nexec '${join(jdk.home, 'bin', 'java')}' ${heap} -Djava.io.tmpdir='${tmp}' -DZstdTempFolder='${tmp}' -cp '${libs}/*' ${mainClass} "$@"\n`);
    await chmod(file, 0o755);
  }
  return dir;
}
