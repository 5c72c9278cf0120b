/** What `/healthz` shows for Kafka. */
export interface DeliveryHealth {
  ok: boolean;
  detail: string;
}

/**
 * Tells a shipper that cannot make progress from one that is merely busy. Being at the in-flight
 * limit is normal under load (the files are the buffer); what is not normal is lines waiting
 * while Kafka acknowledges nothing. The clock starts when lines start waiting or at the last
 * acknowledged batch, whichever is later, so an idle agent with Kafka down stays healthy until it
 * has something to send.
 */
export class DeliveryProgress {
  private waitingSince: number | undefined;
  private lastDeliveryAt: number | undefined;
  private refusal: string | undefined;

  constructor(
    /** Lines waiting this long without any batch acknowledged make the shipper unhealthy. */
    private readonly stallAfterMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Called after bytes were enqueued or acknowledged, with the new unacknowledged total. */
  inFlightChanged(inFlightBytes: number): void {
    if (inFlightBytes === 0) this.waitingSince = undefined;
    else this.waitingSince ??= this.clock();
  }

  /**
   * Called when Kafka refused the agent (a wrong password or certificate, a missing ACL):
   * retrying will not help until someone fixes the config, so health fails at once rather than
   * after the stall timeout, and says why.
   */
  refused(reason: string): void {
    this.refusal = reason;
  }

  /** Called when Kafka acknowledged a batch. */
  delivered(): void {
    this.refusal = undefined;
    const now = this.clock();
    this.lastDeliveryAt = now;
    if (this.waitingSince !== undefined) this.waitingSince = now;
  }

  /** How long lines have waited without any batch acknowledged; 0 when nothing waits. */
  stalledMs(): number {
    return this.waitingSince === undefined ? 0 : this.clock() - this.waitingSince;
  }

  health(inFlightBytes: number): DeliveryHealth {
    const stalled = this.stalledMs();
    if (this.refusal !== undefined && inFlightBytes > 0) return { ok: false, detail: `Kafka refused the agent, ${inFlightBytes} bytes wait: ${this.refusal}` };
    const last = this.lastDeliveryAt === undefined ? 'no batch acknowledged yet' : `last batch acknowledged ${seconds(this.clock() - this.lastDeliveryAt)} ago`;
    if (stalled > this.stallAfterMs) {
      return { ok: false, detail: `${inFlightBytes} bytes waiting for ${seconds(stalled)} without progress (limit ${seconds(this.stallAfterMs)}); ${last}` };
    }
    return { ok: true, detail: `${inFlightBytes} bytes unacknowledged; ${last}` };
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
