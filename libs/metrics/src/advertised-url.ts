const WILDCARD_HOSTS = new Set(['0.0.0.0', '[::]']);

/**
 * The metrics URL other hosts can use. A server bound to every interface reports 0.0.0.0 or ::,
 * which means nothing on another machine, so those become the host name.
 */
export function advertisedUrl(url: string, hostName: string): string {
  const parsed = new URL(url);
  if (!WILDCARD_HOSTS.has(parsed.hostname)) return url;
  parsed.hostname = hostName;
  return parsed.origin;
}
