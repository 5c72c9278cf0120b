/** One collection target: which files to tail, where their lines go, and how to cut them. */
export interface Target {
  /** Stable id: the key's last segment, or `collect_config:<path>:<topic>` for the seeds' array form. */
  id: string;
  /** The etcd key this target came from, for error messages. */
  source: string;
  /** A file path or a glob. */
  path: string;
  topic: string;
  /** Where to begin in a file seen for the first time; files in the registry always resume. */
  start: 'beginning' | 'end';
  /**
   * As the user wrote it: a parser hint for the transfer (`plain`, `json`, `nginx`, …), or a
   * container runtime's log format (`cri`, `docker`), which the agent decodes (see `container`).
   */
  format: string;
  labels: Record<string, string>;
  maxLineBytes: number;
  encoding: 'utf8';
  includeLines: RegExp[];
  excludeLines: RegExp[];
  /** Matched paths that are not collected (Filebeat's `exclude_files`), such as rotated `.gz` files. */
  excludeFiles: RegExp[];
  multiline?: MultilineRule;
  /** Set for `format: cri` or `docker`: the agent takes each line out of the runtime's framing. */
  container?: ContainerFormat;
  /** Kubernetes namespaces to collect (empty: all); known from the kubelet's log paths. */
  includeNamespaces: string[];
  /** Kubernetes namespaces never to collect, such as `kube-system`. */
  excludeNamespaces: string[];
}

/** How container runtimes frame a line, and what the framed content is. */
export interface ContainerFormat {
  /** `cri`: containerd and CRI-O; `docker`: Docker's json-file driver. */
  runtime: 'cri' | 'docker';
  /** The parser hint the content goes to the transfer with (`plain`, `json`, …). */
  contentFormat: string;
  /** A partial line whose end has not come for this long is sent as it is, flagged `partial`. */
  partialTimeoutMs: number;
}

export const CONTAINER_FORMATS = ['cri', 'docker'] as const;

/** The parser hint a target's events carry to the transfer. */
export function parserHint(target: Pick<Target, 'format' | 'container'>): string {
  return target.container ? target.container.contentFormat : target.format;
}

/** Joins continuation lines into one event, like Filebeat's `multiline.*`. */
export interface MultilineRule {
  pattern: RegExp;
  /** When true, lines that do NOT match the pattern are the ones that continue an event. */
  negate: boolean;
  /** `after`: a continuation line is appended to the line before it; `before`: to the line after. */
  match: 'after' | 'before';
  maxLines: number;
  timeoutMs: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** Two targets are the same configuration when every field that affects harvesting is equal. */
export function sameTarget(a: Target, b: Target): boolean {
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

function comparable(t: Target): unknown {
  const regex = (r: RegExp) => `${r.source}/${r.flags}`;
  return {
    ...t,
    source: undefined,
    includeLines: t.includeLines.map(regex),
    excludeLines: t.excludeLines.map(regex),
    excludeFiles: t.excludeFiles.map(regex),
    multiline: t.multiline && { ...t.multiline, pattern: regex(t.multiline.pattern) },
  };
}
