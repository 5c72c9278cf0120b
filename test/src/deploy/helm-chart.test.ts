import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { ConfigMap, Secret, ServiceAccount } from 'kubernetes-models/v1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { repoRoot } from '@logpipe/services';

/**
 * No Kubernetes cluster runs here, so the chart is proven the way it can be without one: Helm v4
 * (built from the Go module proxy by scripts/helm.sh) lints and renders it for the default values
 * and for a secured, external-servers values file; every rendered object is validated against
 * the Kubernetes schemas (kubernetes-models, generated from the OpenAPI of a current release,
 * and the KEDA and Prometheus Operator CRD schemas); the INI files it renders, with the
 * environment it gives each container, pass the real apps' `--check`; and the DaemonSet has
 * what a node agent needs. (These schemas accept unknown fields, as `kubectl` without strict
 * validation does: a misspelt optional field is not caught here.)
 */
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: unknown };
type Container = { name: string; args: string[]; env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string } } }[]; volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[]; securityContext: Record<string, unknown> };
type PodSpec = { containers: Container[]; volumes: { name: string; hostPath?: { path: string; type?: string }; configMap?: { name: string }; secret?: { secretName: string } }[]; tolerations?: { operator: string }[]; securityContext: Record<string, unknown>; hostNetwork?: boolean };

const root = repoRoot();
const chart = join(root, 'deploy', 'helm', 'logpipe');
const secureValues = join(chart, 'ci', 'secure-values.yaml');
const helm = execFileSync('bash', [join(root, 'scripts', 'helm.sh')], { encoding: 'utf8', timeout: 15 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] }).trim();

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/DaemonSet': DaemonSet,
  'apps/v1/Deployment': Deployment,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
};

function render(...valueFiles: string[]): K8sObject[] {
  const args = ['template', 'logs', chart, '--namespace', 'logging', ...valueFiles.flatMap((f) => ['-f', f])];
  const out = execFileSync(helm, args, { encoding: 'utf8' });
  return parseAllDocuments(out)
    .map((doc) => {
      assert.deepEqual(doc.errors, [], 'the rendered YAML parses');
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

function validate(object: K8sObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  assert.ok(Model, `no schema known for ${object.apiVersion} ${object.kind} (${object.metadata.name})`);
  new Model(object as never).validate();
}

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const one = (objects: K8sObject[], kind: string) => {
  const found = byKind(objects, kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0]!;
};
const podSpec = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;

const defaults = render();
const secure = render(secureValues);

test('helm lint passes for the default and the secured values', () => {
  for (const files of [[], ['-f', secureValues]]) {
    const lint = spawnSync(helm, ['lint', chart, '--strict', ...files], { encoding: 'utf8' });
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  }
});

test('every rendered object validates against the Kubernetes (and KEDA, Prometheus Operator) schemas', () => {
  assert.deepEqual(defaults.map((o) => o.kind).sort(), ['ConfigMap', 'ConfigMap', 'ConfigMap', 'ConfigMap', 'DaemonSet', 'Deployment', 'ServiceAccount']);
  assert.deepEqual(secure.map((o) => o.kind).sort(), ['ConfigMap', 'ConfigMap', 'ConfigMap', 'ConfigMap', 'DaemonSet', 'Deployment', 'PodMonitor', 'PodMonitor', 'ScaledObject', 'Secret', 'ServiceAccount', 'TriggerAuthentication']);
  for (const object of [...defaults, ...secure]) validate(object);
});

test('the validation can fail: a value outside its enum, a wrong type, a missing required field', () => {
  const daemonSet = structuredClone(one(defaults, 'DaemonSet'));
  const broken = [
    (o: K8sObject) => ((podSpec(o).containers[0] as unknown as Record<string, unknown>).imagePullPolicy = 'Sometimes'),
    (o: K8sObject) => ((podSpec(o) as unknown as Record<string, unknown>).containers = 'logagent'),
    (o: K8sObject) => delete (o.spec as Record<string, unknown>).selector,
  ];
  for (const breakIt of broken) {
    const copy = structuredClone(daemonSet);
    breakIt(copy);
    assert.throws(() => validate(copy));
  }
  const scaled = structuredClone(one(secure, 'ScaledObject'));
  delete (scaled.spec as Record<string, unknown>).scaleTargetRef;
  assert.throws(() => validate(scaled));
});

test('the agent: a DaemonSet on every node, named after it, reading the kubelet logs read-only, keeping its registry on the node', () => {
  const daemonSet = one(defaults, 'DaemonSet');
  const spec = podSpec(daemonSet);
  const [agent] = spec.containers;
  assert.deepEqual(agent!.args, ['logagent', '--config', '/etc/logagent/logagent.ini']);
  assert.deepEqual(agent!.env?.find((e) => e.name === 'LOGAGENT_AGENT_NAME')?.valueFrom?.fieldRef, { fieldPath: 'spec.nodeName' });
  assert.deepEqual(spec.tolerations, [{ operator: 'Exists' }]);
  for (const path of ['/var/log/pods', '/var/log/containers']) {
    const mount = agent!.volumeMounts.find((m) => m.mountPath === path);
    assert.equal(mount?.readOnly, true, `${path} is mounted read-only`);
    assert.equal(spec.volumes.find((v) => v.name === mount!.name)?.hostPath?.path, path);
  }
  const registry = agent!.volumeMounts.find((m) => m.mountPath === '/var/lib/logagent');
  assert.deepEqual(spec.volumes.find((v) => v.name === registry?.name)?.hostPath, { path: '/var/lib/logpipe/agent', type: 'DirectoryOrCreate' });
  assert.ok(!agent!.volumeMounts.some((m) => m.readOnly !== true && m.mountPath.startsWith('/var/log')), 'nothing under /var/log is writable');
  assert.deepEqual(agent!.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } });
  assert.deepEqual(spec.securityContext.seccompProfile, { type: 'RuntimeDefault' });
  assert.equal(spec.hostNetwork, true);
  const transfer = podSpec(one(defaults, 'Deployment'));
  assert.equal(transfer.securityContext.runAsNonRoot, true);
  assert.equal((one(defaults, 'Deployment').spec as { replicas?: number }).replicas, 2);
});

test('credentials live in the Secret: no password of the secured values appears in any other object, and the pods read them from it', () => {
  const values = parse(readFileSync(secureValues, 'utf8')) as { credentials: Record<string, string> };
  const passwords = Object.values(values.credentials).filter((v) => v.length > 0);
  assert.ok(passwords.length >= 5);
  for (const object of secure.filter((o) => o.kind !== 'Secret')) {
    const text = JSON.stringify(object);
    for (const password of passwords) assert.ok(!text.includes(password), `${object.kind} ${object.metadata.name} holds a password`);
  }
  const secret = one(secure, 'Secret');
  const env = [...podSpec(one(secure, 'DaemonSet')).containers, ...podSpec(one(secure, 'Deployment')).containers].flatMap((c) => c.env ?? []);
  for (const entry of env.filter((e) => e.valueFrom?.secretKeyRef)) {
    assert.equal(entry.valueFrom!.secretKeyRef!.name, secret.metadata.name);
    assert.ok(Object.hasOwn(secret.stringData as object, entry.valueFrom!.secretKeyRef!.key), `${entry.name}: key ${entry.valueFrom!.secretKeyRef!.key} is in the Secret`);
  }
  const scaledObject = one(secure, 'ScaledObject');
  assert.equal((scaledObject.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name, one(secure, 'Deployment').metadata.name);
  assert.equal((one(secure, 'Deployment').spec as { replicas?: number }).replicas, undefined, 'KEDA owns the replica count');
  const trigger = (scaledObject.spec as { triggers: { metadata: Record<string, string> }[] }).triggers[0]!;
  assert.equal(trigger.metadata.sasl, 'scram_sha512');
  assert.equal(trigger.metadata.consumerGroup, 'logtransfer');
});

test('the INI files the chart renders, with each container\'s environment, pass the apps\' own --check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logpipe-helm-'));
  try {
    // The Secrets' files, where the pods mount them, stand in a temp dir here.
    for (const name of ['kafka', 'etcd', 'elasticsearch']) {
      mkdirSync(join(dir, 'tls', name), { recursive: true });
      for (const file of ['ca.crt', 'tls.crt', 'tls.key']) writeFileSync(join(dir, 'tls', name, file), 'pem\n');
    }
    for (const [label, objects] of [['default', defaults], ['secured', secure]] as const) {
      const secret = byKind(objects, 'Secret')[0];
      for (const [kind, app, file] of [['DaemonSet', 'logagent', 'logagent.ini'], ['Deployment', 'logtransfer', 'logtransfer.ini']] as const) {
        const workload = one(objects, kind);
        const [container] = podSpec(workload).containers;
        const configMap = byKind(objects, 'ConfigMap').find((c) => (c.data as Record<string, string>)[file] !== undefined)!;
        const ini = (configMap.data as Record<string, string>)[file]!.replaceAll('/etc/logpipe/tls/', join(dir, 'tls') + '/');
        const path = join(dir, `${label}-${file}`);
        writeFileSync(path, ini);
        const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
        for (const entry of container!.env ?? []) {
          if (entry.valueFrom?.fieldRef) env[entry.name] = 'node-1';
          else if (entry.valueFrom?.secretKeyRef) env[entry.name] = (secret!.stringData as Record<string, string>)[entry.valueFrom.secretKeyRef.key]!;
        }
        const check = spawnSync(process.execPath, [join(root, 'apps', app, 'dist', 'main.js'), '--config', path, '--check'], { encoding: 'utf8', env });
        assert.equal(check.status, 0, `${label} ${file}:\n${ini}\n${check.stdout}${check.stderr}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the dashboards the chart ships are the Docker stack\'s, byte for byte, labelled for the Grafana sidecar', () => {
  const source = join(root, 'config', 'grafana', 'dashboards');
  const files = readdirSync(source).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(readdirSync(join(chart, 'dashboards')).sort(), files);
  const maps = byKind(defaults, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard === '1');
  assert.equal(maps.length, files.length);
  for (const file of files) {
    assert.equal(readFileSync(join(chart, 'dashboards', file), 'utf8'), readFileSync(join(source, file), 'utf8'), `${file} in the chart differs from config/grafana/dashboards`);
    const map = maps.find((m) => (m.data as Record<string, string>)[file] !== undefined);
    assert.ok(map, file);
    assert.deepEqual(JSON.parse((map.data as Record<string, string>)[file]!), JSON.parse(readFileSync(join(source, file), 'utf8')));
  }
});

test('PodMonitors scrape both apps under the job names the dashboards and alerts use', () => {
  const monitors = byKind(secure, 'PodMonitor');
  for (const [component, job] of [['agent', 'logagent'], ['transfer', 'logtransfer']] as const) {
    const monitor = monitors.find((m) => (m.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels['app.kubernetes.io/component'] === component)!;
    assert.equal((monitor.spec as { jobLabel: string }).jobLabel, 'logpipe.io/job');
    const workload = one(secure, component === 'agent' ? 'DaemonSet' : 'Deployment');
    assert.equal((workload.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels['logpipe.io/job'], job);
    assert.equal(monitor.metadata.labels?.release, 'kube-prometheus-stack');
  }
});
