import type { Client } from '@elastic/elasticsearch';
import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import { installIndexTemplate } from './index-template.js';

/**
 * Installs the index template before the first document is indexed, retrying with backoff
 * while Elasticsearch is unreachable. The transfer still starts and joins its group meanwhile;
 * batches simply wait on `ready()`, uncommitted.
 */
export class IndexSetup implements Service {
  readonly name = 'index-setup';
  private readonly abort = new AbortController();
  private done: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    private readonly indexPattern: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.done = this.install();
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    await this.done?.catch(() => undefined);
  });

  /**
   * Resolves once the template is installed; batches wait here while Elasticsearch is down at
   * startup. `signal` (the batch's) lets a batch give up at the source's drain timeout. Without
   * it a SIGTERM deadlocks: the source's stop waits for the batch, the batch for this, and this
   * ends only when this service is stopped, which happens after the source.
   */
  ready(signal?: AbortSignal): Promise<void> {
    const done = this.done;
    if (!done) return Promise.reject(new Error('index setup was not started'));
    if (!signal) return done;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new Error('stopped while waiting for the index template to be installed'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      void done.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async install(): Promise<void> {
    const backoff = new Backoff({ initialMs: 500, maxMs: 30_000 });
    for (;;) {
      try {
        await installIndexTemplate(this.client, this.indexPattern);
        this.logger.info('index template installed', { pattern: this.indexPattern });
        return;
      } catch (err) {
        if (this.abort.signal.aborted) throw new Error('stopped before the index template was installed');
        const delay = backoff.next();
        this.logger.warn('could not install the index template; retrying', { err, retryInMs: delay });
        await sleep(delay, this.abort.signal);
      }
    }
  }
}
