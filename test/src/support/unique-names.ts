import { randomBytes } from 'node:crypto';

/**
 * Names no other test (or earlier run) uses, so tests can run in parallel against the same
 * servers and never see each other's topics, groups, indices or etcd keys.
 */
export function uniqueNames(label: string) {
  const id = `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`.toLowerCase();
  return {
    id,
    topic: `t_${id}`.replace(/-/g, '_'),
    group: `g-${id}`,
    agentName: `agent-${id}`,
    etcdPrefix: `/logpipe-test/${id}`,
  };
}
