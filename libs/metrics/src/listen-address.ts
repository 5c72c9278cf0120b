/** Where an HTTP server listens, as parsed from a `host:port` config value. */
export interface ListenAddress {
  host: string;
  port: number;
}

const FORMAT = /^(?:\[([0-9a-fA-F:.%\w]+)\]|([^:[\]\s]+)):(\d{1,5})$/;

/**
 * Parses `host:port`, `[ipv6]:port` included. Port 0 is allowed: the OS picks a free port, which
 * tests rely on. The error names the bad value and what would be valid, so a config error can be
 * fixed without reading this code.
 */
export function parseListenAddress(value: string): ListenAddress {
  const match = FORMAT.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) {
    throw new Error(
      `invalid listen address ${JSON.stringify(value)}: expected host:port with a port from 0 to 65535, ` +
        'such as 0.0.0.0:9464, 127.0.0.1:0 or [::1]:9464',
    );
  }
  return { host: match[1] ?? match[2] ?? '', port };
}

/** The inverse of `parseListenAddress`: IPv6 hosts need brackets in URLs and `host:port` strings. */
export function formatListenAddress({ host, port }: ListenAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
