import { basename, dirname } from 'node:path';
import { UsageError } from '../cli/errors.js';

export interface TargetFlags {
  path: string;
  topic: string;
  format?: string | undefined;
  start?: string | undefined;
  labels: readonly string[];
  multilinePattern?: string | undefined;
  multilineNegate: boolean;
  multilineMatch?: string | undefined;
  /** Container targets (`--format cri|docker`). */
  contentFormat?: string | undefined;
  excludeFiles?: readonly string[];
  includeNamespaces?: readonly string[];
  excludeNamespaces?: readonly string[];
}

/**
 * The JSON value `targets add` writes, with the fields in the order docs/etcd-keys.md lists them
 * and only those the operator gave: defaults stay the agent's to apply. Only the flag syntax is
 * checked here; the value itself is validated by the agent's own parser before anything is written.
 */
export function targetFromFlags(flags: TargetFlags): Record<string, unknown> {
  const target: Record<string, unknown> = { path: flags.path, topic: flags.topic };
  if (flags.start !== undefined) target.start = flags.start;
  if (flags.format !== undefined) target.format = flags.format;
  if (flags.labels.length > 0) target.labels = parseLabels(flags.labels);
  const multiline = flags.multilinePattern !== undefined || flags.multilineNegate || flags.multilineMatch !== undefined;
  if (multiline) {
    if (flags.multilinePattern === undefined) throw new UsageError('--multiline-negate and --multiline-match need --multiline-pattern RE');
    target.multiline = {
      pattern: flags.multilinePattern,
      ...(flags.multilineNegate ? { negate: true } : {}),
      ...(flags.multilineMatch !== undefined ? { match: flags.multilineMatch } : {}),
    };
  }
  if (flags.excludeFiles?.length) target.exclude_files = [...flags.excludeFiles];
  if (flags.contentFormat !== undefined) target.content_format = flags.contentFormat;
  if (flags.includeNamespaces?.length) target.include_namespaces = [...flags.includeNamespaces];
  if (flags.excludeNamespaces?.length) target.exclude_namespaces = [...flags.excludeNamespaces];
  return target;
}

function parseLabels(items: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`--label ${JSON.stringify(item)}: write it as NAME=VALUE, e.g. --label env=prod`);
    labels[item.slice(0, at)] = item.slice(at + 1);
  }
  return labels;
}

/**
 * The id `targets add` picks without `--id`: the file name, made safe for a key
 * (`/var/log/app.log` → `app-log`, `access.log*` → `access-log`); for a name that starts with a
 * wildcard, with its directory in front (`/var/log/nginx/*.log` → `nginx-log`), since the
 * pattern alone says little.
 */
export function defaultTargetId(path: string): string {
  const name = basename(path);
  const startsWithGlob = /^[*?[{]/.test(name);
  const text = startsWithGlob ? `${basename(dirname(path))}-${name}` : name;
  const slug = text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-_]+|-+$/g, '');
  return slug.length > 0 ? slug : 'target';
}
