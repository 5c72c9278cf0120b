import kafkajs from 'kafkajs';
export { type KafkaConnection, type KafkaRetry, createKafka } from './client.js';
export { ignoreKafkajsNegativeTimeouts } from './negative-timeout-warning.js';
export { KafkaAdapterError, toKafkaAdapterError } from './errors.js';
export { kafkaConnectionKeys, kafkaConnectionFrom, kafkaConnectionRules, type KafkaConnectionSection } from './connection-keys.js';
export { type TopicPolicy, ensureTopics } from './topics.js';
export type { Kafka, Producer, Consumer, Admin, Message, TopicMessages, EachBatchPayload, ICustomPartitioner, PartitionerArgs } from 'kafkajs';
export { CompressionTypes, Partitioners } from 'kafkajs';
/** Decodes a classic consumer group member's assignment (which partitions of which topics it holds). */
export const AssignerProtocol = kafkajs.AssignerProtocol;

/** kafkajs's registry of compression codecs, global to the process (CommonJS: no named ESM export). */
export const CompressionCodecs = kafkajs.CompressionCodecs;
