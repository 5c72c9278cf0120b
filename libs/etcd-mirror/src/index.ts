/**
 * @logpipe/etcd-mirror: keeps the keys under etcd prefixes mirrored in memory (list, then watch
 * from the listing's revision; resync on reconnect, with backoff). The agent mirrors its targets
 * with it, the transfer its routes and the targets' topics. And lease-bound registrations: a key
 * that exists exactly while its process lives (the agents' and transfer workers' status).
 */
export { EtcdMirror, type EtcdMirrorOptions, type EtcdMirrorMessages } from './etcd-mirror.js';
export { Etcd3PrefixStore } from './etcd3-prefix-store.js';
export type { EtcdEntry, PrefixListing, PrefixStore, PrefixWatch, PrefixWatchEvents } from './prefix-store.js';
export { LeaseRegistration, STARTED_AT, type LeaseRegistrationOptions } from './lease-registration.js';
export type { EtcdAccess } from './etcd-access.js';
export { EtcdAccessError, explainEtcdError } from './etcd-access-error.js';
