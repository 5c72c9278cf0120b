import { Registry, collectDefaultMetrics } from 'prom-client';

/** The apps that serve metrics; the value becomes the `app` label on every series. */
export type AppName = 'logagent' | 'logtransfer';

export interface CreateMetricsOptions {
  app: AppName;
}

/**
 * A fresh registry (never prom-client's global one, so tests and libraries cannot collide) with
 * Node's process metrics. Apps register their own counters on it with `registers: [registry]`.
 *
 * `app` is the only default label: both apps can run on one host and be discovered under one
 * scrape job, so each series must say which process it came from. Everything else (host, job,
 * instance) comes from the host collector or from Prometheus' target labels, and adding more here
 * would multiply every series for nothing.
 */
export function createMetrics(options: CreateMetricsOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app: options.app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
