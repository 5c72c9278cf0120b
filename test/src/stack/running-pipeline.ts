import { appendFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { endpoints, registerScrapeTarget } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { DemoLines } from '@logpipe/setup';
import { agentFixture } from '../support/agent-fixture.js';
import { AppProcess } from '../support/app-process.js';
import { countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { createTopics, produce } from '../support/kafka.js';

/**
 * A real agent and a real transfer, with unique names, carrying what the stack's dashboards are
 * about: an nginx access log (format `nginx`) and an application log in ECS JSON (format
 * `json`) through the agent, ECS documents as the transfer's nginx parser produces them
 * (`http.response.status_code`, `url.path`, `log.level`, …) produced straight to a third topic
 * (the transfer keeps pipeline fields such as `host.name` and `log.file.path` for its agent
 * events, so these carry only the parsed fields),
 * and one message Elasticsearch rejects, so the dead-letter path has data too. Both apps are
 * registered as scrape targets of the harness's Prometheus.
 */
export const NGINX_LINES = 60;

export async function startRunningPipeline(label: string) {
  const fixture = await agentFixture(label, { ini: { metrics: ['host_interval = 1s'] } });
  const { names, kafka } = fixture;
  const servers = endpoints();
  const topics = { nginx: `${names.topic}_nginx`, app: `${names.topic}_app`, ecs: `${names.topic}_ecs` };
  const indexPattern = `logs-${names.topic}_*`;
  const es = elasticsearchClient();
  await createTopics(kafka, Object.values(topics), 2);

  const transfer = await AppProcess.withConfig('logtransfer', fixture.dir, [
    '[transfer]', `group = ${names.group}`, 'shutdown_timeout = 10s',
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, `topics = ${Object.values(topics).join(', ')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `agents_prefix = ${names.etcdPrefix}`, `prefix = ${names.etcdPrefix}-transfer`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
    '[metrics]', 'listen = 127.0.0.1:0', 'host_interval = 1s',
  ].join('\n') + '\n');

  const unregister: (() => Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    await Promise.allSettled(unregister.map((remove) => remove()));
    await fixture.cleanup(transfer);
    await es.indices.delete({ index: indexPattern, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
    await es.close();
  };

  try {
    fixture.agent.start();
    transfer.start();
    const agentUrl = String((await fixture.agent.waitForLog('logagent started')).metrics);
    const transferUrl = String((await transfer.waitForLog('logtransfer started')).metrics);
    const hostPort = (url: string) => new URL(url).host;
    unregister.push(await registerScrapeTarget('logagent', `stack-${names.id}`, hostPort(agentUrl)));
    unregister.push(await registerScrapeTarget('logtransfer', `stack-${names.id}`, hostPort(transferUrl)));

    // Lines through the agent, as the compose stack's demo generator writes them.
    const nginxLog = join(fixture.logDir, 'access.log');
    const appLog = join(fixture.logDir, 'app.log');
    await writeFile(nginxLog, '');
    await writeFile(appLog, '');
    await fixture.putTarget('nginx', { path: nginxLog, topic: topics.nginx, format: 'nginx', labels: { service: 'shop-web' } });
    await fixture.putTarget('app', { path: appLog, topic: topics.app, format: 'json', labels: { service: 'shop-api' } });
    await fixture.agent.waitForLog('target started', 30_000);
    const demo = new DemoLines(42);
    const lines = { nginx: [] as string[], app: [] as string[] };
    for (let i = 0; i < NGINX_LINES; i++) for (const line of demo.request(new Date(), i % 10 === 0 ? 5 : 1)) lines[line.file].push(line.text);
    await appendFile(nginxLog, lines.nginx.join('\n') + '\n');
    await appendFile(appLog, lines.app.join('\n') + '\n');

    // Documents shaped like the parsed nginx and app lines, and one Elasticsearch must reject.
    const ecsDocuments = representativeDocuments();
    await produce(kafka, topics.ecs, [
      ...ecsDocuments.map((document) => ({ value: JSON.stringify(document) })),
      // error.message is mapped as text: an object there is a mapping conflict, rejected with a 400.
      { value: JSON.stringify({ message: 'rejected on purpose', error: { message: { not: 'text' } } }) },
    ]);

    const expected = { [topics.nginx]: lines.nginx.length, [topics.app]: lines.app.length, [topics.ecs]: ecsDocuments.length };
    for (const [topic, count] of Object.entries(expected)) {
      await waitFor(async () => (await countDocuments(es, `logs-${topic}-*`)) >= count || undefined, {
        what: `${count} documents from topic ${topic} in Elasticsearch`,
        timeoutMs: 45_000,
        intervalMs: 500,
      });
    }
    return { names, topics, indexPattern, es, agent: fixture.agent, transfer, agentUrl, transferUrl, hostName: hostname(), kafka, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

export type RunningPipeline = Awaited<ReturnType<typeof startRunningPipeline>>;

/** What the transfer's parsers make of nginx access-log and ECS JSON lines, written as documents. */
function representativeDocuments(): Record<string, unknown>[] {
  const now = Date.now();
  const base = (i: number) => ({
    '@timestamp': new Date(now - i * 1000).toISOString(),
  });
  const requests: [string, string, number][] = [
    ['GET', '/', 200], ['GET', '/api/products', 200], ['GET', '/api/products/7', 404], ['POST', '/api/checkout', 500],
    ['POST', '/api/cart', 201], ['GET', '/static/app.js', 304], ['GET', '/api/products', 200], ['POST', '/api/checkout', 502],
  ];
  const nginx = requests.map(([method, path, status], i) => ({
    ...base(i),
    message: `192.0.2.${i + 1} - - [..] "${method} ${path} HTTP/1.1" ${status} 512 "-" "curl/8.5.0"`,
    source: { address: `192.0.2.${i + 1}`, ip: `192.0.2.${i + 1}` },
    http: { request: { method }, response: { status_code: status, body: { bytes: 512 } }, version: '1.1' },
    url: { original: path, path },
    user_agent: { original: 'curl/8.5.0' },
  }));
  const levels = ['info', 'debug', 'warn', 'error', 'info', 'fatal'];
  const app = levels.map((level, i) => ({
    ...base(i),
    message: `${level} line ${i} from the application`,
    log: { level },
    service: { name: 'shop-api' },
  }));
  return [...nginx, ...app];
}
