import type { ConfigSchema } from '@logpipe/config';
import { agentSchema, transferSchema } from '@logpipe/schemas';

export type AppName = 'logagent' | 'logtransfer';

export const APPS: Readonly<Record<AppName, { schema: ConfigSchema; envPrefix: string }>> = {
  logagent: { schema: agentSchema, envPrefix: 'LOGAGENT' },
  logtransfer: { schema: transferSchema, envPrefix: 'LOGTRANSFER' },
};

const HEADER = /^\s*\[([^\]]+)\]/gm;

/**
 * Which app an INI file is for, by the sections only one of the two schemas has (today `[agent]`
 * and `[etcd]` for the agent; `[transfer]`, `[elasticsearch]`, `[bulk]`, `[transform]` for the
 * transfer). Undefined when the file has none of those, or some of each: the caller then asks
 * for --app.
 */
export function detectApp(text: string): AppName | undefined {
  const sections = new Set([...text.matchAll(HEADER)].map((m) => m[1]!.trim().split('.', 1)[0]!));
  const own = (app: AppName) => Object.keys(APPS[app].schema).filter((s) => !(s in APPS[other(app)].schema) && sections.has(s)).length;
  const [agent, transfer] = [own('logagent'), own('logtransfer')];
  if (agent > 0 && transfer === 0) return 'logagent';
  if (transfer > 0 && agent === 0) return 'logtransfer';
  return undefined;
}

function other(app: AppName): AppName {
  return app === 'logagent' ? 'logtransfer' : 'logagent';
}
