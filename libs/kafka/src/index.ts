export { type KafkaConnection, type KafkaRetry, DEFAULT_RETRY } from './client.js';
export { Kafka, createKafka } from './kafka.js';
export { KafkaAdmin, type PartitionOffsets, type PartitionReplicas, type NewTopic } from './admin.js';
export { KafkaProducer, type Compression, type OutgoingRecord, type ProducerSettings } from './producer.js';
export { GroupConsumer, type ConsumedRecord, type GroupAssignment, type GroupConsumerSettings, type PartitionBatch } from './group-consumer.js';
export { KafkaAdapterError, toKafkaAdapterError, endsMembership } from './errors.js';
export { kafkaConnectionKeys, kafkaConnectionFrom, kafkaConnectionRules, type KafkaConnectionSection } from './connection-keys.js';
export { type TopicPolicy, ensureTopics, fittingReplication, MAX_FITTING_REPLICATION } from './topics.js';
export { readTopicToEnd } from './read-topic.js';
