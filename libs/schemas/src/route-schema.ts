import { parseIndexPattern } from './index-pattern.js';

/**
 * A route sends one Kafka topic's documents to an index pattern and/or through a parser. Routes
 * come from the transfer's INI file (`[routes]`) and from etcd (`<prefix>/routes/<topic>`, a JSON
 * object), which `logctl routes set` writes. Both forms are validated here, so the transfer and
 * logctl accept exactly the same routes.
 */
export interface RouteSpec {
  /** Index name pattern, e.g. `logs-nginx-{yyyy.MM.dd}`; unset: the next source decides. */
  index?: string;
  /** Parser name, e.g. `nginx`; unset: the next source decides. */
  format?: string;
}

/** The fields of a route, in etcd's JSON and in the INI value alike. */
export const ROUTE_FIELDS = ['index', 'format'] as const;

/** Formats the transfer has a parser for; `plain` parses nothing. */
export const FORMATS = ['plain', 'text', 'json', 'nginx', 'apache', 'syslog', 'regex'] as const;

/** etcd key prefix of the transfer when `[etcd] prefix` is not set. */
export const DEFAULT_TRANSFER_PREFIX = '/logtransfer';

/** Kafka's rule for topic names. */
export const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export type RouteResult = { ok: true; route: RouteSpec } | { ok: false; errors: string[] };

/** `/logtransfer` + `nginx_log` → `/logtransfer/routes/nginx_log`. */
export function routeKey(prefix: string, topic: string): string {
  return `${prefix}/routes/${topic}`;
}

/** The topic a key under `<prefix>/routes/` names, or undefined for a key that is not a route's. */
export function topicOfRouteKey(prefix: string, key: string): string | undefined {
  const head = `${prefix}/routes/`;
  if (!key.startsWith(head)) return undefined;
  const topic = key.slice(head.length);
  return TOPIC_NAME.test(topic) ? topic : undefined;
}

/**
 * An etcd route value: `{"index":"logs-nginx-{yyyy.MM.dd}","format":"nginx"}`, both optional.
 * Every problem is reported, each naming its field.
 */
export function parseRouteJson(text: string): RouteResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`invalid JSON: ${(err as Error).message}; write an object like {"index":"logs-nginx-{yyyy.MM.dd}","format":"nginx"}`] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [`a route must be a JSON object like {"index":"logs-nginx-{yyyy.MM.dd}","format":"nginx"}, got ${text.trim().slice(0, 40)}`] };
  }
  const errors: string[] = [];
  const fields: Record<string, unknown> = value as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    if (!(ROUTE_FIELDS as readonly string[]).includes(field)) errors.push(`unknown field "${field}"; a route has: ${ROUTE_FIELDS.join(', ')}`);
  }
  const route: RouteSpec = {};
  for (const field of ROUTE_FIELDS) {
    const v = fields[field];
    if (v === undefined) continue;
    if (typeof v !== 'string') errors.push(`"${field}" must be a string, got ${JSON.stringify(v)}`);
    else route[field] = v;
  }
  errors.push(...routeProblems(route));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, route };
}

/**
 * An INI route value: `index=logs-nginx-{yyyy.MM.dd}, format=nginx`, either part optional. A
 * comma separates them, because `;` starts a comment in INI files.
 */
export function parseRouteIni(text: string): RouteResult {
  const errors: string[] = [];
  const route: RouteSpec = {};
  for (const item of text.split(',')) {
    const part = item.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    const field = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(ROUTE_FIELDS as readonly string[]).includes(field)) {
      errors.push(`"${part}" is not index=<pattern> or format=<name>; write e.g. index=logs-nginx-{yyyy.MM.dd}, format=nginx`);
    } else if (value === '') {
      errors.push(`${field} has no value; write ${field}=<${field === 'index' ? 'pattern' : 'name'}>`);
    } else if (route[field as keyof RouteSpec] !== undefined) {
      errors.push(`${field} is given twice`);
    } else {
      route[field as keyof RouteSpec] = value;
    }
  }
  if (errors.length === 0 && route.index === undefined && route.format === undefined) {
    errors.push('sets neither index nor format; write e.g. index=logs-nginx-{yyyy.MM.dd}, format=nginx');
  }
  errors.push(...routeProblems(route));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, route };
}

/** What is wrong with a route's values: an index pattern that cannot work, an unknown format. */
function routeProblems(route: RouteSpec): string[] {
  const problems: string[] = [];
  if (route.index !== undefined) {
    try {
      parseIndexPattern(route.index);
    } catch (err) {
      problems.push(`"index": ${(err as Error).message}`);
    }
  }
  if (route.format !== undefined && !(FORMATS as readonly string[]).includes(route.format)) {
    problems.push(`"format" ${JSON.stringify(route.format)} has no parser; use one of ${FORMATS.join(', ')}`);
  }
  return problems;
}
