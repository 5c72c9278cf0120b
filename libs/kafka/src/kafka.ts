import { KafkaAdmin } from './admin.js';
import { DEFAULT_RETRY, type KafkaConnection, type KafkaRetry } from './client.js';
import { GroupConsumer, type GroupConsumerSettings } from './group-consumer.js';
import { KafkaProducer, type ProducerSettings } from './producer.js';

/**
 * The project's one way to Kafka: each call makes a client of @platformatic/kafka with the same
 * connection settings (brokers, TLS, SASL) and retry policy. Nothing outside this library knows
 * which client library it is.
 */
export class Kafka {
  constructor(
    readonly connection: KafkaConnection,
    readonly retry: KafkaRetry = DEFAULT_RETRY,
  ) {}

  admin(): KafkaAdmin {
    return new KafkaAdmin(this.connection, this.retry);
  }

  producer(settings: ProducerSettings): KafkaProducer {
    return new KafkaProducer(this.connection, this.retry, settings);
  }

  groupConsumer(settings: GroupConsumerSettings, retry: KafkaRetry = this.retry): GroupConsumer {
    return new GroupConsumer(this.connection, retry, settings);
  }
}

/** @param retry how long a client retries one call before its error reaches the caller. */
export function createKafka(connection: KafkaConnection, retry: KafkaRetry = DEFAULT_RETRY): Kafka {
  return new Kafka(connection, retry);
}
