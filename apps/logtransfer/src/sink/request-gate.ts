/**
 * At most `limit` callers at a time; the rest wait their turn, first come first served. The bulk
 * sink puts every bulk request of the worker through one gate, so `[bulk] concurrency` bounds
 * what Elasticsearch gets from this worker, however many batches are being indexed at once.
 */
export class RequestGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(request: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await request();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so no newcomer can jump the queue.
      if (next) next();
      else this.running--;
    }
  }
}
