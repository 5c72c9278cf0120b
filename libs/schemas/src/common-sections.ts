import { LOG_FORMATS, LOG_LEVELS } from '@logpipe/runtime';

/**
 * The `[metrics]` and `[log]` sections every daemon has. Only the default port and the wording
 * differ between apps, so each schema passes those in rather than repeating the key specs.
 */
export function metricsSection(defaultListen: string, hostIntervalDescription: string) {
  return {
    description: 'The Prometheus endpoint (`/metrics`) and health check (`/healthz`).',
    keys: {
      listen: { type: 'address', default: defaultListen, description: 'Address of the metrics and health HTTP server; port 0 picks a free port.' },
      host_interval: { type: 'duration', default: '10s', min: '1s', description: hostIntervalDescription },
    },
  } as const;
}

export function logSection(description: string) {
  return {
    description,
    keys: {
      level: { type: 'enum', values: LOG_LEVELS, default: 'info', description: 'Least severe level written.' },
      format: {
        type: 'enum',
        values: LOG_FORMATS,
        default: 'auto',
        description: '`json`: one JSON object a line, for log shippers and files. `text`: readable lines for a person. `auto`: text when stderr is a terminal, JSON otherwise.',
      },
    },
  } as const;
}
