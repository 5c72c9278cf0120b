import { Etcd3, type IKeyValue } from 'etcd3';
import { EtcdAccessError, explainEtcdError } from '@logpipe/etcd-mirror';
import { Failure } from '../cli/errors.js';
import type { EtcdSettings } from './settings.js';

/** A call that gets no answer in this long fails: an operator should not wait on a dead endpoint. */
const CALL_DEADLINE_MS = 5000;

/** One key as etcd holds it. `modRevision` is what a later compare-and-write checks against. */
export interface StoredValue {
  key: string;
  value: string;
  modRevision: string;
  /** The lease the key is bound to; '0' for none. */
  lease: string;
}

/**
 * logctl's view of etcd: reads, and writes that only apply when the key is as we last saw it.
 * `create` applies only if the key is absent, `update` and `remove` only if the key's mod
 * revision is still the one we read. So two operators editing the same key cannot silently
 * overwrite each other: the second write is refused and the caller says so. Errors of the driver
 * are turned into a `Failure` naming the endpoints and where they came from.
 */
export class EtcdStore {
  private readonly client: Etcd3;

  constructor(private readonly settings: EtcdSettings) {
    this.client = new Etcd3(settings.options);
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const response = await this.call(`reading ${key}`, `read on ${key}`, () => this.client.get(key).options(deadline()).exec());
    const kv = response.kvs[0];
    return kv && stored(kv);
  }

  /** Every key under the prefix, in key order. */
  async list(prefix: string): Promise<StoredValue[]> {
    const response = await this.call(`listing ${prefix}`, `read on the prefix ${prefix}`, () => this.client.getAll().prefix(prefix).sort('Key', 'Ascend').options(deadline()).exec());
    return response.kvs.map(stored);
  }

  /** Writes the key only if it does not exist; false when it does. */
  async create(key: string, value: string): Promise<boolean> {
    const result = await this.call(`creating ${key}`, `read and write on ${key}`, () =>
      this.client.if(key, 'Create', '==', 0).then(this.client.put(key).value(value)).options(deadline()).commit(),
    );
    return result.succeeded;
  }

  /** Writes the key only if nobody changed (or deleted) it since it had `modRevision`; false otherwise. */
  async update(key: string, value: string, modRevision: string): Promise<boolean> {
    const result = await this.call(`writing ${key}`, `read and write on ${key}`, () =>
      this.client.if(key, 'Mod', '==', modRevision).then(this.client.put(key).value(value)).options(deadline()).commit(),
    );
    return result.succeeded;
  }

  /** Deletes the key only if nobody changed it since it had `modRevision`; false otherwise. */
  async remove(key: string, modRevision: string): Promise<boolean> {
    const result = await this.call(`deleting ${key}`, `read and write on ${key}`, () =>
      this.client.if(key, 'Mod', '==', modRevision).then(this.client.delete().key(key)).options(deadline()).commit(),
    );
    return result.succeeded;
  }

  close(): void {
    this.client.close();
  }

  private async call<T>(what: string, needs: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      const explained = await explainEtcdError(err, this.settings.access, what, needs);
      if (explained instanceof EtcdAccessError) throw new Failure(explained.message);
      const { endpoints, source } = this.settings;
      throw new Failure(
        `etcd at ${endpoints.join(', ')} (from ${source}) failed ${what}: ${grpcMessage(err)}; ` +
          'check that etcd runs there, or point logctl at it with --etcd, LOGCTL_ETCD_ENDPOINTS or --agent-config',
      );
    }
  }
}

/** gRPC's message without its status number and empty trailer: `14 UNAVAILABLE: ... Resolution note: `. */
function grpcMessage(err: unknown): string {
  return (err as Error).message.replace(/^\d+ /, '').replace(/\s*Resolution note:\s*$/, '').replace(/\.$/, '');
}

function deadline(): { deadline: number } {
  return { deadline: Date.now() + CALL_DEADLINE_MS };
}

function stored(kv: IKeyValue): StoredValue {
  return { key: kv.key.toString(), value: kv.value.toString(), modRevision: kv.mod_revision, lease: kv.lease };
}

/** Opens a store, runs `use`, and closes the connection whatever happens. */
export async function withEtcd<T>(settings: EtcdSettings, use: (store: EtcdStore) => Promise<T>): Promise<T> {
  const store = new EtcdStore(settings);
  try {
    return await use(store);
  } finally {
    store.close();
  }
}
