/**
 * Checks of server addresses as users write them: Kafka's `host:port` bootstrap brokers and the
 * `http(s)://` URLs of Elasticsearch and etcd. Shared by the INI schemas and logctl's flags, so a
 * broker list is judged the same wherever it is written. Each check returns what is wrong with
 * one value in a few words, or undefined when it is fine; the format says what would be valid.
 */

export const HOST_PORT_FORMAT = 'host:port, with a port from 1 to 65535 (IPv6 in brackets: [::1]:9092)';

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+(?:%[\w.-]+)?\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;

/** Why `text` is not a `host:port` a client can connect to (a host is required, port 0 is not). */
export function hostPortProblem(text: string): string | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/i.exec(text);
  if (scheme) return `no scheme here: write ${scheme[1]}`;
  if (!text.startsWith('[') && text.split(':').length > 2) return 'an IPv6 host goes in brackets: [::1]:9092';
  const match = HOST_PORT.exec(text);
  if (!match) {
    if (!text.includes(':') || text.endsWith(':')) return 'the port is missing';
    return text.startsWith(':') ? 'the host is missing' : 'not host:port';
  }
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? undefined : `port ${port} is out of range`;
}

/** How a URL-valued key is written: "http:// or https:// URLs, host[:port] ...". */
export function urlFormat(schemes: readonly string[]): string {
  return `${schemes.map((s) => `${s}://`).join(' or ')} URLs of a host, with an optional port from 1 to 65535`;
}

/**
 * Why `text` is not a URL of one of `schemes` naming a host. Credentials in the URL are refused:
 * they would be printed wherever the URL is (logs, `logctl status`), and every server has keys
 * for them.
 */
export function urlProblem(text: string, schemes: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return /^[\w.-]+:\d+$/.test(text) ? `the scheme is missing: write ${schemes[0]}://${text}` : 'not a URL';
  }
  const scheme = url.protocol.replace(/:$/, '');
  // "localhost:9200" parses as scheme "localhost" with path "9200".
  if (/^[\w.-]+:\d+$/.test(text)) return `the scheme is missing: write ${schemes[0]}://${text}`;
  if (!schemes.includes(scheme)) return `the scheme ${scheme}:// is not ${schemes.join(' or ')}`;
  if (url.hostname === '') return 'the host is missing';
  if (url.port === '0') return "port 0 is not a server's port";
  if (url.username !== '' || url.password !== '') return 'it holds a user or password: set them with the username and password keys instead';
  return undefined;
}
