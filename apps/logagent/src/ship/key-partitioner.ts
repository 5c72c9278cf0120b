import { Partitioners, type ICustomPartitioner } from '@logpipe/kafka';

/** Distinct keys remembered per topic; past this the memory is dropped and rebuilt. */
const MAX_KEYS_PER_TOPIC = 10_000;

/**
 * kafkajs's default partitioner (murmur2 of the key, as the Java client), remembering the
 * partition of each key. Every line of a file carries the same key, and kafkajs hashes it (in
 * JavaScript, with 64-bit emulation) and copies the partition list for every single message: that
 * was about a seventh of the agent's CPU time. The result is the default partitioner's, always;
 * a change in the topic's partition count starts over.
 */
export const keyPartitioner: ICustomPartitioner = () => {
  const partitionOf = Partitioners.DefaultPartitioner();
  const topics = new Map<string, { partitions: number; byKey: Map<string, number> }>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    const { key } = message;
    if (typeof key !== 'string' || (message.partition !== undefined && message.partition !== null)) return partitionOf(args);
    let memory = topics.get(topic);
    if (!memory || memory.partitions !== partitionMetadata.length || memory.byKey.size >= MAX_KEYS_PER_TOPIC) {
      memory = { partitions: partitionMetadata.length, byKey: new Map() };
      topics.set(topic, memory);
    }
    let partition = memory.byKey.get(key);
    if (partition === undefined) {
      partition = partitionOf(args);
      memory.byKey.set(key, partition);
    }
    return partition;
  };
};
