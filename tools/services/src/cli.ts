import { endpoints } from './endpoints.js';
import { ServicesError, ServicesStartError } from './errors.js';
import { cleanServers, serverStatus, startServers, stopServers } from './manage.js';
import type { StopResult } from './lifecycle/stop-server.js';
import type { ServerName } from './server-definition.js';
import { ALL_SERVER_NAMES, OPTIONAL_SERVER_NAMES, SERVER_GROUPS, SERVER_NAMES } from './server-definition.js';
import { resolveServers } from './servers/registry.js';
import { KAFKA_RELEASES, SEARCH_RELEASES, searchName } from './releases.js';

/**
 * `npm run services -- up|down|status|clean [server...]`. Results go to stdout as a table;
 * progress goes to stderr as JSON log lines.
 */
const USAGE = `usage: npm run services -- <command> [server...]

commands:
  up       start the servers that are not running; wait until all are healthy
  down     stop the servers that \`up\` started
  status   show running/stopped, pid, endpoint and health
  running  print the names of the servers that are running, one a line (for scripts)
  clean    down, then delete their data and logs under the run dir

servers: ${SERVER_NAMES.join(', ')} (what \`up\` starts by default)
         ${OPTIONAL_SERVER_NAMES.join(', ') || '(none optional)'} (only by name; \`down\`, \`status\` and \`clean\` cover them too)
groups:  ${Object.entries(SERVER_GROUPS).map(([group, members]) => `${group} = ${members.join(' ')}`).join('; ') || '(none)'}
ports:   LOGPIPE_KAFKA_PORT, LOGPIPE_KAFKA_CONTROLLER_PORT, LOGPIPE_ES_PORT, LOGPIPE_ES_TRANSPORT_PORT,
         LOGPIPE_ETCD_PORT, LOGPIPE_ETCD_PEER_PORT, LOGPIPE_PROMETHEUS_PORT
versions: LOGPIPE_KAFKA_VERSION  ${KAFKA_RELEASES.map((r) => r.version).join(' (default), ')}
         LOGPIPE_SEARCH         ${SEARCH_RELEASES.map(searchName).join(' (default), ')}
         (each cached apart, with its own folder under the run dir; majors do: opensearch-3)
other:   LOGPIPE_ES_HEAP (512m, at most 1g), LOGPIPE_CACHE_DIR, LOGPIPE_RUN_DIR (.run/services), LOGPIPE_LOG_LEVEL`;

const pad = (value: string, width: number): string => value.padEnd(width);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function up(names: ServerName[]): Promise<void> {
  const results = await startServers(names);
  for (const r of results) {
    const what = r.outcome === 'started' ? `started in ${seconds(r.elapsedMs)}` : 'already running';
    console.log(`${pad(r.server, 14)} ${pad(r.endpoint, 24)} ${what} (pid ${r.pid})${r.release ? `: ${r.release}` : ''}`);
  }
  if (names.length === 0) {
    const e = endpoints();
    console.log(`\nkafka brokers: ${e.kafkaBrokers.join(',')}  elasticsearch: ${e.elasticsearchUrl}  etcd: ${e.etcdEndpoints.join(',')}  prometheus: ${e.prometheusUrl}`);
  }
}

async function down(names: ServerName[]): Promise<void> {
  printStopped(await stopServers(names));
}

function printStopped(results: StopResult[]): void {
  for (const r of results) {
    const what = r.outcome === 'not-running' ? 'not running' : `stopped (pid ${r.pid}${r.outcome === 'killed' ? ', needed SIGKILL' : ''})`;
    console.log(`${pad(r.server, 14)} ${what}`);
  }
}

async function status(names: ServerName[]): Promise<void> {
  const statuses = await serverStatus(names);
  console.log(`${pad('SERVER', 14)} ${pad('RELEASE', 26)} ${pad('STATE', 8)} ${pad('PID', 8)} ${pad('HEALTH', 10)} ENDPOINT`);
  for (const s of statuses) {
    const health = s.running ? (s.healthy ? 'healthy' : 'unhealthy') : '-';
    console.log(`${pad(s.server, 14)} ${pad(s.release ?? 'Debian package', 26)} ${pad(s.running ? 'running' : 'stopped', 8)} ${pad(String(s.pid ?? '-'), 8)} ${pad(health, 10)} ${s.endpoint}`);
  }
}

/** For scripts: `npm test` records what ran before it, so it stops only what it started. */
async function running(names: ServerName[]): Promise<void> {
  for (const s of await serverStatus(names)) if (s.running) console.log(s.server);
}

async function clean(names: ServerName[]): Promise<void> {
  printStopped(await cleanServers(names));
  console.log(`deleted the data of ${(names.length > 0 ? names : ALL_SERVER_NAMES).join(', ')} under .run/services (downloads stay cached)`);
}

const COMMANDS: Record<string, (names: ServerName[]) => Promise<void>> = { up, down, status, running, clean };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  try {
    const names = resolveServers(rest).map((def) => def.name);
    await run(rest.length > 0 ? names : []);
    return 0;
  } catch (err) {
    if (err instanceof ServicesStartError) {
      console.error(`\n${err.message}\n\n${err.failures.length} server(s) failed to start; servers that did start are still running.`);
    } else if (err instanceof ServicesError) {
      console.error(`error: ${err.message}`);
    } else {
      console.error(err);
    }
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
