/** One named check inside a health report, e.g. `kafka` or `elasticsearch`. */
export interface HealthCheck {
  ok: boolean;
  /** Why a check failed (or what it saw), for the human reading `/healthz`. */
  detail?: string;
}

/** What `/healthz` serves: 200 when `healthy`, 503 otherwise, always with this JSON body. */
export interface HealthReport {
  healthy: boolean;
  checks: Record<string, HealthCheck>;
}

/** Supplied by the app, which alone knows which of its components matter for health. */
export type HealthFunction = () => HealthReport | Promise<HealthReport>;
