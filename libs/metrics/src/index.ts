export { type AppName, type CreateMetricsOptions, createMetrics } from './registry.js';
export { MetricsServer, type MetricsServerOptions } from './metrics-server.js';
export type { HealthCheck, HealthFunction, HealthReport } from './health.js';
export { type ListenAddress, parseListenAddress, formatListenAddress } from './listen-address.js';
export { HostMetricsCollector, type HostMetricsCollectorOptions } from './host-metrics-collector.js';
export { type HostSource, systemHostSource } from './host-source.js';
export { type HostFilters, DEFAULT_HOST_FILTERS } from './host-sample.js';
// Re-exported so apps create their counters without depending on prom-client themselves.
export { Registry, Counter, Gauge, Histogram } from 'prom-client';
export { advertisedUrl } from './advertised-url.js';
