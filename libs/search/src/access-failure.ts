/**
 * Why a search server refused us, said so an operator can fix it: which server, as whom, and
 * the setting to change. A 401 (bad or missing credentials), a 403 (a user without the
 * privilege) and a TLS certificate the client cannot verify are the operator's to fix: no retry
 * makes them go away, and none of them is the document's fault.
 */

/** The credential settings in force, as the app's config has them. */
export interface SearchCredentials {
  username?: string | undefined;
  api_key?: string | undefined;
  ca_file?: string | undefined;
}

/** How the app names its settings: `[elasticsearch] password` for the transfer, environment variables for logctl. */
export interface SettingNames {
  username: string;
  password: string;
  apiKey: string;
  caFile: string;
}

export const INI_SETTING_NAMES: SettingNames = {
  username: '[elasticsearch] username',
  password: '[elasticsearch] password',
  apiKey: '[elasticsearch] api_key',
  caFile: '[elasticsearch] ca_file',
};

export interface AccessContext {
  nodes: readonly string[];
  credentials: SearchCredentials;
  names?: SettingNames;
}

export type AccessProblem = 'authentication' | 'authorization' | 'certificate';

export interface AccessFailure {
  problem: AccessProblem;
  /** The setting to change: one of `names`. */
  setting: keyof SettingNames;
  message: string;
}

/** A refusal found without a thrown client error (an answer read with `ignore`). */
export class SearchAccessError extends Error {
  constructor(
    readonly statusCode: 401 | 403,
    readonly reason: string,
  ) {
    super(`${statusCode}: ${reason}`);
  }
}

/**
 * The id of an API key (`base64(id:key)`), which is not secret and names it in the server's
 * API; undefined when it does not decode to that shape (the key itself is never shown).
 */
export function apiKeyId(apiKey: string): string | undefined {
  const decoded = Buffer.from(apiKey, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && /^[\x21-\x7e]+$/.test(decoded) ? decoded.slice(0, colon) : undefined;
}

/** `user "logtransfer"`, `API key id "VuaCfGcBCdbkQm-e5aOx"`, or `no credentials`. */
export function describeIdentity(credentials: SearchCredentials): string {
  if (credentials.api_key) {
    const id = apiKeyId(credentials.api_key);
    return id ? `API key id "${id}"` : 'an API key that is not base64 "id:key"';
  }
  return credentials.username ? `user "${credentials.username}"` : 'no credentials';
}

const TLS_FAILURE = /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate has expired|certificate is not yet valid|Hostname\/IP does not match|altnames|CERT_|wrong version number|packet length too long/i;

/**
 * The failure in the operator's terms, or undefined when `err` is something else (the server
 * down, a timeout: the caller's usual retry applies).
 */
export function describeAccessFailure(err: unknown, context: AccessContext): AccessFailure | undefined {
  const names = context.names ?? INI_SETTING_NAMES;
  const server = `Elasticsearch at ${context.nodes.join(', ')}`;
  const { credentials } = context;
  const who = describeIdentity(credentials);
  const status = statusOf(err);
  const reason = reasonOf(err);
  if (status === 401) {
    if (credentials.api_key) {
      return { problem: 'authentication', setting: 'apiKey', message: `${server} refused ${who} (401: ${reason}): it is wrong, expired or invalidated; set ${names.apiKey} to a valid key (the "encoded" value POST /_security/api_key returns)` };
    }
    if (credentials.username) {
      return { problem: 'authentication', setting: 'password', message: `${server} refused the password of ${who} (401: ${reason}): fix ${names.password}, or ${names.username} if the user is not known there` };
    }
    return { problem: 'authentication', setting: 'username', message: `${server} requires authentication (401: ${reason}): set ${names.username} and ${names.password}, or ${names.apiKey}` };
  }
  if (status === 403) {
    const setting = credentials.api_key ? 'apiKey' : 'username';
    return {
      problem: 'authorization',
      setting,
      message:
        `${server} denied ${who} (403: ${reason}): grant its role the privileges docs/security/elasticsearch.md lists, ` +
        `or set ${credentials.api_key ? names.apiKey : `${names.username} and ${names.password}`} to ${credentials.api_key ? 'a key' : 'a user'} that has them`,
    };
  }
  const text = messageChain(err);
  if (TLS_FAILURE.test(text)) {
    const detail = text.split('\n')[0];
    const nodesHttps = context.nodes.some((n) => n.startsWith('https://'));
    if (!nodesHttps) {
      return { problem: 'certificate', setting: 'caFile', message: `${server} did not speak plain HTTP (${detail}): it serves HTTPS; use https:// URLs and set ${names.caFile} to the CA that signed its certificate` };
    }
    const fix = credentials.ca_file
      ? `the CA in ${names.caFile} (${credentials.ca_file}) did not sign it: set ${names.caFile} to the PEM of the CA that did`
      : `set ${names.caFile} to the PEM of the CA that signed it (without it, only the system's CAs are trusted)`;
    return { problem: 'certificate', setting: 'caFile', message: `cannot verify the TLS certificate of ${server} (${detail}): ${fix}` };
  }
  return undefined;
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof SearchAccessError) return err.statusCode;
  const meta = (err as { meta?: { statusCode?: unknown } } | null)?.meta;
  return typeof meta?.statusCode === 'number' ? meta.statusCode : undefined;
}

function reasonOf(err: unknown): string {
  if (err instanceof SearchAccessError) return err.reason;
  const body = (err as { meta?: { body?: { error?: { reason?: unknown; type?: unknown } | string } } } | null)?.meta?.body;
  const error = body?.error;
  if (typeof error === 'string') return error;
  if (typeof error?.reason === 'string') return error.reason;
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/** The message with its causes: the client wraps Node's TLS error and keeps its text. */
function messageChain(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    parts.push(current.message, (current as { code?: string }).code ?? '');
    current = current.cause;
  }
  return parts.join(' ');
}
