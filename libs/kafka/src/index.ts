export { type KafkaConnection, createKafka } from './client.js';
export { KafkaAdapterError, toKafkaAdapterError } from './errors.js';
export { kafkaConnectionKeys, kafkaConnectionFrom, type KafkaConnectionSection } from './connection-keys.js';
export { type TopicPolicy, ensureTopics } from './topics.js';
export type { Kafka, Producer, Consumer, Admin, Message, EachBatchPayload } from 'kafkajs';
export { CompressionTypes } from 'kafkajs';
