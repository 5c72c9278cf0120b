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

  ready(): Promise<void> {
    return this.done ?? Promise.reject(new Error('index setup was not started'));
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
