import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isContainerLink, mergePodMetadata, namespaceAllowed, podMetadataFromPath } from './pod-metadata.js';

const UID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const ID = 'a1b2c3d4'.repeat(8);

test('the kubelet\'s pod log path gives namespace, pod, UID and container; rotated names too', () => {
  const expected = { kubernetes: { namespace: 'kube-system', pod: { name: 'coredns-5d78c9869d-abcde', uid: UID }, container: { name: 'coredns' } } };
  assert.deepEqual(podMetadataFromPath(`/var/log/pods/kube-system_coredns-5d78c9869d-abcde_${UID}/coredns/0.log`), expected);
  assert.deepEqual(podMetadataFromPath(`/var/log/pods/kube-system_coredns-5d78c9869d-abcde_${UID}/coredns/3.log.20261203-101010`), expected);
});

test('the /var/log/containers symlink name gives the container id, and its target the UID', () => {
  const link = `/var/log/containers/web-7d9f_shop_nginx-proxy-${ID}.log`;
  assert.ok(isContainerLink(link));
  const named = podMetadataFromPath(link);
  assert.deepEqual(named, { kubernetes: { namespace: 'shop', pod: { name: 'web-7d9f' }, container: { name: 'nginx-proxy' } }, container: { id: ID } });
  const real = podMetadataFromPath(`/var/log/pods/shop_web-7d9f_${UID}/nginx-proxy/0.log`);
  assert.deepEqual(mergePodMetadata(named, real), { kubernetes: { namespace: 'shop', pod: { name: 'web-7d9f', uid: UID }, container: { name: 'nginx-proxy' } }, container: { id: ID } });
  assert.deepEqual(mergePodMetadata(named, undefined), named);
});

test('other paths carry no pod metadata', () => {
  for (const path of ['/var/log/app.log', '/var/log/pods/readme.txt', `/var/log/pods/shop_web_${UID}/nginx/current.log`, '/var/log/containers/web_shop_nginx-abc.log']) {
    assert.equal(podMetadataFromPath(path), undefined, path);
  }
});

test('namespace filters: exclude wins, include needs a known namespace', () => {
  const shop = podMetadataFromPath(`/var/log/pods/shop_web_${UID}/nginx/0.log`);
  const system = podMetadataFromPath(`/var/log/pods/kube-system_dns_${UID}/dns/0.log`);
  assert.equal(namespaceAllowed(shop, [], ['kube-system']), true);
  assert.equal(namespaceAllowed(system, [], ['kube-system']), false);
  assert.equal(namespaceAllowed(system, ['kube-system'], []), true);
  assert.equal(namespaceAllowed(shop, ['kube-system'], []), false);
  assert.equal(namespaceAllowed(undefined, ['shop'], []), false);
  assert.equal(namespaceAllowed(undefined, [], ['shop']), true);
});
