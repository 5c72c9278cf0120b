import { Etcd3, type IKeyValue, type IOptions } from 'etcd3';
import type { EtcdAccess } from './etcd-access.js';
import { explainEtcdError } from './etcd-access-error.js';
import type { EtcdEntry, PrefixListing, PrefixStore, PrefixWatch } from './prefix-store.js';

/** The mirror's view of etcd, on the etcd3 client; keys and values are read as UTF-8 text. */
export class Etcd3PrefixStore implements PrefixStore {
  private readonly client: Etcd3;

  /** With `access`, a refusal (password, permission, TLS) fails with an EtcdAccessError saying what to fix. */
  constructor(
    options: IOptions,
    private readonly access?: EtcdAccess,
  ) {
    this.client = new Etcd3(options);
  }

  async list(prefix: string, deadline: number): Promise<PrefixListing> {
    const listing = await this.explained(`reading ${prefix}`, prefix, () => this.client.getAll().prefix(prefix).options({ deadline }).exec());
    return { entries: listing.kvs.map(toEntry), revision: BigInt(listing.header.revision) };
  }

  async watch(prefix: string, startRevision: bigint): Promise<PrefixWatch> {
    const watcher = await this.explained(`watching ${prefix}`, prefix, () => this.client.watch().prefix(prefix).startRevision(String(startRevision)).create());
    return {
      follow(events) {
        watcher.on('put', (kv) => events.put(toEntry(kv)));
        watcher.on('delete', (kv) => events.delete(kv.key.toString()));
        watcher.on('disconnected', () => events.disconnected());
        watcher.on('connected', () => events.connected());
        watcher.on('error', (err) => events.error(err));
      },
      cancel: () => watcher.cancel(),
    };
  }

  close(): void {
    this.client.close();
  }

  private async explained<T>(doing: string, prefix: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw this.access ? await explainEtcdError(err, this.access, doing, `read on the prefix ${prefix}`) : err;
    }
  }
}

function toEntry(kv: IKeyValue): EtcdEntry {
  return { key: kv.key.toString(), value: kv.value.toString(), revision: kv.mod_revision };
}
