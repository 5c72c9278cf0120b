/**
 * How a client reaches etcd, as much as an error message may say: the endpoints, the user, and
 * which TLS files the settings named. Never the password or the key's contents.
 */
export interface EtcdAccess {
  endpoints: readonly string[];
  /** `[etcd] username`; undefined when the client authenticates by its certificate's CN (or not at all). */
  username?: string | undefined;
  /** Where the settings live, for the remedy: `[etcd]` of an INI file. */
  section: string;
  /** The TLS material, to diagnose a failed handshake; file names for messages. */
  tls?: {
    ca?: Buffer | undefined;
    cert?: Buffer | undefined;
    key?: Buffer | undefined;
    caFile?: string | undefined;
    certFile?: string | undefined;
  } | undefined;
}
