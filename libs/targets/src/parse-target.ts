import { CONTAINER_FORMATS, DEFAULT_MAX_LINE_BYTES, type ContainerFormat, type MultilineRule, type Target } from './target.js';

/** The JSON fields a target may have, as users write them in etcd. */
export const TARGET_FIELDS = [
  'path', 'topic', 'start', 'format', 'labels', 'max_line_bytes', 'encoding', 'include_lines', 'exclude_lines', 'multiline',
  'exclude_files', 'content_format', 'partial_timeout', 'include_namespaces', 'exclude_namespaces',
] as const;
const MULTILINE_FIELDS = ['pattern', 'negate', 'match', 'max_lines', 'timeout'] as const;
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A Kubernetes namespace name: an RFC 1123 label. */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DEFAULT_PARTIAL_TIMEOUT_MS = 5000;

export type ParseResult = { ok: true; target: Target } | { ok: false; errors: string[] };

export interface ParseOptions {
  id: string;
  source: string;
  /** Globs or directory prefixes that paths must stay within; empty allows any path. */
  allowedPaths: readonly string[];
}

/**
 * Validates one target object from etcd. Collects every problem instead of stopping at the
 * first, and names each field, so an operator can fix a value in one edit.
 */
export function parseTarget(value: unknown, options: ParseOptions): ParseResult {
  const errors: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [`a target must be a JSON object like {"path":"/var/log/app.log","topic":"app_log"}, got ${describe(value)}`] };
  }
  const raw = value as Record<string, unknown>;
  for (const field of Object.keys(raw)) {
    if (!(TARGET_FIELDS as readonly string[]).includes(field)) {
      errors.push(`unknown field "${field}"; known fields: ${TARGET_FIELDS.join(', ')}`);
    }
  }

  const path = requireString(raw, 'path', errors);
  if (path !== undefined && !path.startsWith('/')) errors.push(`"path" must be absolute, got ${JSON.stringify(path)}`);
  if (path !== undefined && path.startsWith('/') && !isAllowed(path, options.allowedPaths)) {
    errors.push(`"path" ${JSON.stringify(path)} is outside allowed_paths (${options.allowedPaths.join(', ')})`);
  }
  const topic = requireString(raw, 'topic', errors);
  if (topic !== undefined && !TOPIC_NAME.test(topic)) {
    errors.push(`"topic" ${JSON.stringify(topic)} is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`);
  }
  const start = optionalEnum(raw, 'start', ['beginning', 'end'] as const, 'beginning', errors);
  const format = optionalString(raw, 'format', 'plain', errors);
  const encoding = optionalEnum(raw, 'encoding', ['utf8', 'utf-8'] as const, 'utf8', errors);
  const maxLineBytes = optionalInteger(raw, 'max_line_bytes', DEFAULT_MAX_LINE_BYTES, 1, 64 * 1024 * 1024, errors);
  const labels = parseLabels(raw.labels, errors);
  const includeLines = parseRegexList(raw, 'include_lines', errors);
  const excludeLines = parseRegexList(raw, 'exclude_lines', errors);
  const excludeFiles = parseRegexList(raw, 'exclude_files', errors);
  const multiline = raw.multiline === undefined ? undefined : parseMultiline(raw.multiline, errors);
  const container = parseContainer(raw, format, errors);
  const includeNamespaces = parseNamespaces(raw, 'include_namespaces', errors);
  const excludeNamespaces = parseNamespaces(raw, 'exclude_namespaces', errors);

  if (errors.length > 0 || path === undefined || topic === undefined) return { ok: false, errors };
  return {
    ok: true,
    target: {
      id: options.id,
      source: options.source,
      path,
      topic,
      start,
      format,
      labels,
      maxLineBytes,
      encoding: encoding === 'utf-8' ? 'utf8' : encoding,
      includeLines,
      excludeLines,
      excludeFiles,
      ...(multiline ? { multiline } : {}),
      ...(container ? { container } : {}),
      includeNamespaces,
      excludeNamespaces,
    },
  };
}

function isAllowed(path: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  // A glob target is allowed when its fixed prefix (before the first wildcard) is inside a root.
  const fixed = path.split(/[*?[{]/, 1)[0] ?? path;
  return allowed.some((root) => {
    const base = root.endsWith('/') ? root : root + '/';
    return fixed === root || fixed.startsWith(base);
  });
}

function requireString(raw: Record<string, unknown>, field: string, errors: string[]): string | undefined {
  const value = raw[field];
  if (typeof value === 'string' && value.length > 0) return value;
  errors.push(value === undefined ? `"${field}" is required` : `"${field}" must be a non-empty string, got ${describe(value)}`);
  return undefined;
}

function optionalString(raw: Record<string, unknown>, field: string, fallback: string, errors: string[]): string {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && value.length > 0) return value;
  errors.push(`"${field}" must be a non-empty string, got ${describe(value)}`);
  return fallback;
}

/** `parent` prefixes the field in messages (`"multiline.match"`), so a nested field is named in full. */
function optionalEnum<T extends string>(raw: Record<string, unknown>, field: string, values: readonly T[], fallback: T, errors: string[], parent = ''): T {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  errors.push(`"${parent}${field}" must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`);
  return fallback;
}

function optionalInteger(raw: Record<string, unknown>, field: string, fallback: number, min: number, max: number, errors: string[], parent = ''): number {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  errors.push(`"${parent}${field}" must be an integer from ${min} to ${max}, got ${describe(value)}`);
  return fallback;
}

function parseLabels(value: unknown, errors: string[]): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`"labels" must be an object of strings like {"env":"prod"}, got ${describe(value)}`);
    return {};
  }
  const labels: Record<string, string> = {};
  for (const [name, label] of Object.entries(value)) {
    if (!LABEL_NAME.test(name)) errors.push(`"labels.${name}": label names are letters, digits and '_', not starting with a digit`);
    else if (typeof label !== 'string') errors.push(`"labels.${name}" must be a string, got ${describe(label)}`);
    else labels[name] = label;
  }
  return labels;
}

function parseRegexList(raw: Record<string, unknown>, field: string, errors: string[]): RegExp[] {
  const value = raw[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`"${field}" must be an array of regular expressions, got ${describe(value)}`);
    return [];
  }
  const regexes: RegExp[] = [];
  value.forEach((source, index) => {
    const regex = compile(source, `${field}[${index}]`, errors);
    if (regex) regexes.push(regex);
  });
  return regexes;
}

/** `format: cri|docker` and the fields that go with it; those fields with another format are a mistake worth naming. */
function parseContainer(raw: Record<string, unknown>, format: string, errors: string[]): ContainerFormat | undefined {
  const runtime = (CONTAINER_FORMATS as readonly string[]).includes(format) ? (format as ContainerFormat['runtime']) : undefined;
  if (!runtime) {
    for (const field of ['content_format', 'partial_timeout']) {
      if (raw[field] !== undefined) errors.push(`"${field}" applies only to "format": "cri" or "docker", not ${JSON.stringify(format)}`);
    }
    return undefined;
  }
  const contentFormat = optionalString(raw, 'content_format', 'plain', errors);
  if ((CONTAINER_FORMATS as readonly string[]).includes(contentFormat)) errors.push(`"content_format" is what is inside the container's lines (plain, json, nginx, …), not ${JSON.stringify(contentFormat)}`);
  const partialTimeoutMs = optionalInteger(raw, 'partial_timeout', DEFAULT_PARTIAL_TIMEOUT_MS, 1, 3_600_000, errors);
  return { runtime, contentFormat, partialTimeoutMs };
}

function parseNamespaces(raw: Record<string, unknown>, field: string, errors: string[]): string[] {
  const value = raw[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`"${field}" must be an array of Kubernetes namespace names like ["kube-system"], got ${describe(value)}`);
    return [];
  }
  const names: string[] = [];
  value.forEach((name, index) => {
    if (typeof name === 'string' && NAMESPACE_NAME.test(name)) names.push(name);
    else errors.push(`"${field}[${index}]" must be a namespace name (lowercase letters, digits and '-', at most 63), got ${describe(name)}`);
  });
  return names;
}

function parseMultiline(value: unknown, errors: string[]): MultilineRule | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`"multiline" must be an object like {"pattern":"^\\\\s","match":"after"}, got ${describe(value)}`);
    return undefined;
  }
  const raw = value as Record<string, unknown>;
  for (const field of Object.keys(raw)) {
    if (!(MULTILINE_FIELDS as readonly string[]).includes(field)) {
      errors.push(`unknown field "multiline.${field}"; known fields: ${MULTILINE_FIELDS.join(', ')}`);
    }
  }
  const pattern = raw.pattern === undefined ? (errors.push('"multiline.pattern" is required'), undefined) : compile(raw.pattern, 'multiline.pattern', errors);
  const negate = raw.negate === undefined ? false : raw.negate;
  if (typeof negate !== 'boolean') errors.push(`"multiline.negate" must be true or false, got ${describe(negate)}`);
  const match = optionalEnum(raw, 'match', ['after', 'before'] as const, 'after', errors, 'multiline.');
  const maxLines = optionalInteger(raw, 'max_lines', 500, 1, 100_000, errors, 'multiline.');
  const timeoutMs = optionalInteger(raw, 'timeout', 5000, 1, 3_600_000, errors, 'multiline.');
  if (!pattern || typeof negate !== 'boolean') return undefined;
  return { pattern, negate, match, maxLines, timeoutMs };
}

function compile(source: unknown, field: string, errors: string[]): RegExp | undefined {
  if (typeof source !== 'string') {
    errors.push(`"${field}" must be a regular expression string, got ${describe(source)}`);
    return undefined;
  }
  try {
    return new RegExp(source);
  } catch (err) {
    errors.push(`"${field}" is not a valid regular expression: ${(err as Error).message}`);
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}
