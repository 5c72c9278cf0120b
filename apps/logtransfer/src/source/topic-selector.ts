/**
 * Which existing topics the transfer consumes: the names `[kafka] topics` lists, once they
 * exist; every topic one of its regular expressions matches; and every topic a collection
 * target in etcd names (see TargetTopics), which changes while the transfer runs. Never the
 * transfer's own dead-letter topics (`<topic><dlq_suffix>`, which would feed rejected documents
 * back in) nor Kafka's internal ones (`__consumer_offsets`, …), unless named in the INI file:
 * that was asked.
 */
export class TopicSelector {
  private readonly names: readonly string[];
  private readonly patterns: readonly RegExp[];
  private targetTopics: ReadonlySet<string> = new Set();
  private readonly listeners = new Set<() => void>();

  constructor(
    items: readonly (string | RegExp)[],
    private readonly dlqSuffix: string,
    /** Where target topics come from, for `describe()`: the agents' etcd prefix; undefined when they are not consumed. */
    private readonly targetsFrom?: string,
  ) {
    this.names = items.filter((item): item is string => typeof item === 'string');
    this.patterns = items.filter((item): item is RegExp => item instanceof RegExp);
  }

  /** The topics the targets in etcd name, replacing the previous set; listeners hear of a change. */
  setTargetTopics(topics: Iterable<string>): void {
    const next = new Set(topics);
    if (next.size === this.targetTopics.size && [...next].every((t) => this.targetTopics.has(t))) return;
    this.targetTopics = next;
    for (const listener of this.listeners) listener();
  }

  /** Called whenever the target topics change (the selection may then change too). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The selected topics among `existing`, sorted. */
  select(existing: Iterable<string>): string[] {
    const selected: string[] = [];
    for (const topic of existing) if (this.matches(topic)) selected.push(topic);
    return selected.sort();
  }

  /** Topics asked for by name (in the INI file or by a target) that are not among `existing`: the agent has not created them yet. */
  missing(existing: Iterable<string>): string[] {
    const have = new Set(existing);
    return [...new Set([...this.names, ...this.targetTopics])].filter((topic) => !have.has(topic) && this.matches(topic)).sort();
  }

  matches(topic: string): boolean {
    if (this.names.includes(topic)) return true;
    if (topic.startsWith('__') || (this.dlqSuffix !== '' && topic.endsWith(this.dlqSuffix))) return false;
    if (this.targetTopics.has(topic)) return true;
    return this.patterns.some((pattern) => {
      pattern.lastIndex = 0;
      return pattern.test(topic);
    });
  }

  describe(): string[] {
    const targets = this.targetsFrom === undefined ? [] : [`the topics of the targets under ${this.targetsFrom}/ (${this.targetTopics.size} now)`];
    return [...this.names, ...this.patterns.map(String), ...targets];
  }
}
