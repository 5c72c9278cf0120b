export const ADDRESS_FORMAT =
  '"host:port", or ":port" to listen on all interfaces, with a port from 0 to 65535 ' +
  '(put IPv6 hosts in brackets: [::1]:9092)';

/**
 * Whether `text` is "host:port", "[ipv6]:port" or ":port". The host is only checked for
 * characters that cannot be in a host name; whether it resolves is the network's business.
 */
export function isAddress(text: string): boolean {
  const match = /^(?:\[[0-9A-Fa-f:.]+(?:%[\w.-]+)?\]|[\w.-]*):(\d{1,5})$/.exec(text);
  return match !== null && Number(match[1]) <= 65535;
}
