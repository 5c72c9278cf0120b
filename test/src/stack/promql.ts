import { endpoints } from '@logpipe/services';

/** Minimal Prometheus HTTP API client for the stack tests. */
export interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

export async function instantQuery(query: string, prometheusUrl = endpoints().prometheusUrl): Promise<Series[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query }),
  });
  const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: Series[] } };
  if (body.status !== 'success') throw new Error(`Prometheus rejected ${query}: ${body.error}`);
  if (body.data!.resultType !== 'vector') throw new Error(`${query} gave a ${body.data!.resultType}, not an instant vector`);
  return body.data!.result;
}

/** `label_values(metric, label)` or `label_values(label)`, Grafana's variable query, answered like Grafana does. */
export async function labelValues(variableQuery: string, prometheusUrl = endpoints().prometheusUrl): Promise<string[]> {
  const m = /^label_values\(\s*(?:([^,]+?)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(variableQuery.trim());
  if (!m) throw new Error(`not a label_values() query: ${variableQuery}`);
  const [, match, label] = m;
  const url = new URL(`${prometheusUrl}/api/v1/label/${label}/values`);
  if (match) url.searchParams.append('match[]', match);
  const body = (await (await fetch(url)).json()) as { status: string; data: string[]; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus rejected ${variableQuery}: ${body.error}`);
  return body.data;
}

/**
 * The metric names an expression reads: identifiers of our metric families (and `up`), as they
 * appear before a selector, a range or a closing parenthesis. Histogram suffixes are kept.
 */
export function metricNames(expression: string): string[] {
  const names = expression.match(/\b(?:logagent|logtransfer|host)_[a-z0-9_]+\b|\bup\b(?=\s*\{)/g) ?? [];
  return [...new Set(names)];
}

/** The families a /metrics page declares (`# TYPE name type`), with histogram and summary series names. */
export async function exportedMetricNames(metricsUrl: string): Promise<Set<string>> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m;
    names.add(name!);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** Names that have at least one sample on the page (a labelled metric has none until first set). */
export async function metricsWithSamples(metricsUrl: string): Promise<Set<string>> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const names = new Set<string>();
  for (const m of text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{| )/gm)) names.add(m[1]!);
  return names;
}
