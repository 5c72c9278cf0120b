import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@logpipe/services';

/**
 * No Docker engine runs here, so the compose file is checked for what can be checked without
 * one: its structure, and that the apps accept the configuration compose gives them.
 */
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(join(repoRoot(), 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

test('every service has a pinned image or the local build, and a healthcheck', () => {
  assert.deepEqual(Object.keys(services).sort(), ['elasticsearch', 'etcd', 'kafka', 'kibana', 'logagent', 'logtransfer']);
  for (const [name, service] of Object.entries(services)) {
    assert.ok(service.image || service.build, `${name} has neither image nor build`);
    if (!service.build) assert.match(service.image!, /:[0-9v][\w.-]*$/, `${name}: image ${service.image} is not pinned to a version`);
    assert.ok(service.healthcheck?.test.length, `${name} has no healthcheck`);
  }
});

test('every depends_on names an existing service with a healthcheck, waited on as healthy', () => {
  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      assert.ok(services[dependency], `${name} depends on unknown service ${dependency}`);
      assert.ok(services[dependency]!.healthcheck, `${name} depends on ${dependency}, which has no healthcheck`);
      assert.equal(condition, 'service_healthy', `${name} → ${dependency}`);
    }
  }
});

for (const app of ['logagent', 'logtransfer'] as const) {
  test(`${app} accepts its config file plus the environment compose sets`, () => {
    const service = services[app]!;
    assert.deepEqual(service.command, [app, '--config', `/etc/${app}/${app}.ini`]);
    const dockerfile = readFileSync(join(repoRoot(), 'Dockerfile'), 'utf8');
    assert.match(dockerfile, new RegExp(`COPY config/${app}.ini /etc/${app}/${app}.ini`));
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
    assert.ok(Object.keys(env).length > 0);
    const result = spawnSync(join(repoRoot(), 'node_modules', '.bin', app), ['--check', '--config', `config/${app}.ini`], {
      cwd: repoRoot(),
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    assert.equal(result.status, 0, result.stderr);
  });
}
