import { describePortOwner, isPortInUse } from '../port-check.js';
import { PORT_SETTINGS } from '../ports.js';
import type { ServerDefinition } from '../server-definition.js';
import type { Settings } from '../settings.js';

/**
 * Problems with the ports a server is about to bind. Checked before starting because a taken port
 * otherwise shows up as a bind error deep in a Java stack trace, or worse, as a healthy check
 * answered by somebody else's server.
 */
export async function portProblems(def: ServerDefinition, settings: Settings): Promise<string[]> {
  const problems: string[] = [];
  for (const name of def.ports) {
    const port = settings.ports[name];
    if (!(await isPortInUse(port))) continue;
    const owner = (await describePortOwner(port)) ?? 'another process';
    const variable = PORT_SETTINGS[name].variable;
    problems.push(
      `port ${port} (${variable}) on 127.0.0.1 is already used by ${owner}, which \`services up\` did not start ` +
        `(no pid file of ours names it). Stop that process, or move ${def.name}: ${variable}=<free port> npm run services -- up ${def.name}`,
    );
  }
  return problems;
}
