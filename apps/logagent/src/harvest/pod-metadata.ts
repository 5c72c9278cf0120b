/**
 * What the kubelet's log paths tell about the container that wrote a file, as ECS fields:
 *
 * - `/var/log/pods/<namespace>_<pod>_<pod-uid>/<container>/<restart>.log` (the real files), and
 * - `/var/log/containers/<pod>_<namespace>_<container>-<container-id>.log` (symlinks to them).
 *
 * Recognised by their shape (a pod UID, a 64-digit container id) rather than by the
 * `/var/log` prefix, so a node that keeps them elsewhere works too. Namespaces and pod names
 * cannot hold `_`, which is what makes the names separable.
 */
export interface PodMetadata {
  kubernetes: {
    namespace: string;
    pod: { name: string; uid?: string };
    container: { name: string };
  };
  container?: { id: string };
}

const POD_LOG = /\/([a-z0-9][-a-z0-9]*)_([a-z0-9][-.a-z0-9]*)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([a-z0-9][-a-z0-9]*)\/\d+\.log(?:\.[^/]*)?$/;
const CONTAINER_LINK = /\/([a-z0-9][-.a-z0-9]*)_([a-z0-9][-a-z0-9]*)_([a-z0-9][-a-z0-9]*)-([0-9a-f]{64})\.log$/;

/** The metadata in one path, or undefined if it has neither of the kubelet's shapes. */
export function podMetadataFromPath(path: string): PodMetadata | undefined {
  const pod = POD_LOG.exec(path);
  if (pod) return { kubernetes: { namespace: pod[1]!, pod: { name: pod[2]!, uid: pod[3]! }, container: { name: pod[4]! } } };
  const link = CONTAINER_LINK.exec(path);
  if (link) return { kubernetes: { namespace: link[2]!, pod: { name: link[1]! }, container: { name: link[3]! } }, container: { id: link[4]! } };
  return undefined;
}

/** Whether a path may be a `/var/log/containers` symlink, whose target names the pod's UID. */
export function isContainerLink(path: string): boolean {
  return CONTAINER_LINK.test(path);
}

/** The symlink's container id joined with its target's pod UID: each path knows one of them. */
export function mergePodMetadata(named: PodMetadata | undefined, real: PodMetadata | undefined): PodMetadata | undefined {
  if (!named || !real) return named ?? real;
  const uid = named.kubernetes.pod.uid ?? real.kubernetes.pod.uid;
  const id = named.container?.id ?? real.container?.id;
  return {
    kubernetes: { namespace: named.kubernetes.namespace, pod: { name: named.kubernetes.pod.name, ...(uid ? { uid } : {}) }, container: named.kubernetes.container },
    ...(id ? { container: { id } } : {}),
  };
}

/** Whether a target's namespace filters let a file with this metadata be collected. */
export function namespaceAllowed(metadata: PodMetadata | undefined, include: readonly string[], exclude: readonly string[]): boolean {
  const namespace = metadata?.kubernetes.namespace;
  if (include.length > 0 && (namespace === undefined || !include.includes(namespace))) return false;
  return namespace === undefined || !exclude.includes(namespace);
}
