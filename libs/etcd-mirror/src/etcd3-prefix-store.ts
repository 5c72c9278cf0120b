import { Etcd3, type IKeyValue, type IOptions } from 'etcd3';
import type { EtcdEntry, PrefixListing, PrefixStore, PrefixWatch } from './prefix-store.js';

/** The mirror's view of etcd, on the etcd3 client; keys and values are read as UTF-8 text. */
export class Etcd3PrefixStore implements PrefixStore {
  private readonly client: Etcd3;

  constructor(options: IOptions) {
    this.client = new Etcd3(options);
  }

  async list(prefix: string, deadline: number): Promise<PrefixListing> {
    const listing = await this.client.getAll().prefix(prefix).options({ deadline }).exec();
    return { entries: listing.kvs.map(toEntry), revision: BigInt(listing.header.revision) };
  }

  async watch(prefix: string, startRevision: bigint): Promise<PrefixWatch> {
    const watcher = await this.client.watch().prefix(prefix).startRevision(String(startRevision)).create();
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
}

function toEntry(kv: IKeyValue): EtcdEntry {
  return { key: kv.key.toString(), value: kv.value.toString(), revision: kv.mod_revision };
}
