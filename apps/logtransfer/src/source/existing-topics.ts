import { toKafkaAdapterError, type Kafka, type KafkaAdmin } from '@logpipe/kafka';
import type { Logger } from '@logpipe/runtime';
import type { TopicSelector } from './topic-selector.js';

/** Reads the topic list with the admin client, for the source to resolve `[kafka] topics` against. */
export class ExistingTopics {
  private readonly admin: KafkaAdmin;
  private lastFailure: string | undefined;

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
      return { selected: this.selector.select(existing), missing: this.selector.missing(existing) };
    } catch (err) {
      const message = (err as Error).message;
      // Once per distinct failure: a Kafka outage would otherwise log every interval.
      if (message !== this.lastFailure) this.logger.warn('cannot list the Kafka topics; retrying', { err: toKafkaAdapterError(err, 'listing topics') });
      this.lastFailure = message;
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.admin.close();
  }
}
