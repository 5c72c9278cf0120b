import { toKafkaAdapterError, type Kafka, type KafkaAdapterError, type KafkaAdmin } from '@logpipe/kafka';
import type { Logger } from '@logpipe/runtime';
import type { TopicSelector } from './topic-selector.js';

/** Reads the topic list with the admin client, for the source to resolve `[kafka] topics` against. */
export class ExistingTopics {
  private readonly admin: KafkaAdmin;
  private lastFailure: string | undefined;
  /** Why the last listing failed; undefined once one succeeded. */
  lastError: KafkaAdapterError | undefined;

  constructor(
    kafka: Kafka,
    private readonly selector: TopicSelector,
    private readonly logger: Logger,
  ) {
    this.admin = kafka.admin();
  }

  /**
   * The selected topics that exist now, sorted, and those asked for by name that do not exist
   * yet; undefined when Kafka could not be asked.
   */
  async selected(): Promise<{ selected: string[]; missing: string[] } | undefined> {
    try {
      const existing = await this.admin.listTopics();
      this.lastFailure = undefined;
      this.lastError = undefined;
      return { selected: this.selector.select(existing), missing: this.selector.missing(existing) };
    } catch (err) {
      const message = (err as Error).message;
      this.lastError = toKafkaAdapterError(err, 'listing topics');
      // Once per distinct failure: a Kafka outage would otherwise log every interval. A refusal
      // (wrong password, certificate, ACL) is an error: only a person can fix it.
      if (message !== this.lastFailure) this.logger[this.lastError.denied ? 'error' : 'warn']('cannot list the Kafka topics; retrying', { err: this.lastError });
      this.lastFailure = message;
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.admin.close();
  }
}
