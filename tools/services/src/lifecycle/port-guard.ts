import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describePortOwner, isPortInUse } from '../port-check.js';
import { runtimeDir } from '../paths.js';
import { isOurProcess } from '../process-control.js';
import { jvmInstanceMarker } from './runtime-files.js';
import { PORT_SETTINGS } from '../ports.js';
import type { ServerDefinition } from '../server-definition.js';
import type { Settings } from '../settings.js';

/**
 * Problems with the ports a server is about to bind. Checked before starting because a taken port
 * otherwise shows up as a bind error deep in a Java stack trace, or worse, as a healthy check
 * answered by somebody else's server.
 */
export async function portProblems(def: ServerDefinition, settings: Settings, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const problems: string[] = [];
  for (const name of def.ports) {
    const port = settings.ports[name];
    if (!(await isPortInUse(port))) continue;
    const owner = (await describePortOwner(port)) ?? 'another process';
    const variable = PORT_SETTINGS[name].variable;
    const ours = otherReleaseOnPort(owner, env);
    if (ours) {
      const [engine, version] = ours.split(' ');
      const selection = engine === 'kafka' ? `LOGPIPE_KAFKA_VERSION=${version}` : `LOGPIPE_SEARCH=${engine}-${version}`;
      problems.push(
        `port ${port} (${variable}) is taken by our own ${ours} (${owner}), not the release selected now. ` +
          `Stop it with the selection it runs under (${selection} npm run services -- down ${def.name}), or give this one another port: ${variable}=<free port>`,
      );
      continue;
    }
    problems.push(
      `port ${port} (${variable}) on 127.0.0.1 is already used by ${owner}, which \`services up\` did not start ` +
        `(no pid file of ours names it). Stop that process, or move ${def.name}: ${variable}=<free port> npm run services -- up ${def.name}`,
    );
  }
  return problems;
}

/**
 * Which of our other releases (`opensearch-3.8.0`, another run dir entry) owns the pid in
 * `owner` ("pid 123 (java)"), by the JVM marker its command line carries; undefined otherwise.
 */
function otherReleaseOnPort(owner: string, env: NodeJS.ProcessEnv): string | undefined {
  const pid = Number(/^pid (\d+)/.exec(owner)?.[1]);
  const root = runtimeDir(env);
  if (!pid || !existsSync(root)) return undefined;
  const dir = readdirSync(root).find((entry) => isOurProcess(pid, [jvmInstanceMarker(join(root, entry))]));
  return dir?.replace(/-(?=\d)/, ' ');
}
