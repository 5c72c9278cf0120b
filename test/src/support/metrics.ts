import type { AppProcess } from './app-process.js';

/** The app's `/metrics` and `/healthz` base URL, from its "metrics server listening" log line. */
export async function metricsUrl(app: AppProcess, timeoutMs = 15_000): Promise<string> {
  const line = await app.waitForLog('metrics server listening', timeoutMs);
  return String(line.url);
}

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Every series of one metric in the app's `/metrics` (none when it is not there). */
export async function metricSamples(url: string, name: string): Promise<Sample[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    samples.push({ labels, value: Number(match[4]) });
  }
  return samples;
}

/** The value of the first series with these labels (others may be present too), or undefined. */
export async function metricValue(url: string, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const samples = await metricSamples(url, name);
  return samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/** The sum of every series of one metric; 0 when it has none. */
export async function metricSum(url: string, name: string): Promise<number> {
  return (await metricSamples(url, name)).reduce((sum, s) => sum + s.value, 0);
}
