/**
 * Which existing topics `[kafka] topics` selects: the names it lists, once they exist, and every
 * topic one of its regular expressions matches, except the transfer's own dead-letter topics
 * (`<topic><dlq_suffix>`, which would feed rejected documents back in) and Kafka's internal
 * ones (`__consumer_offsets`, …). A dead-letter topic named explicitly is consumed: that was asked.
 */
export class TopicSelector {
  private readonly names: readonly string[];
  private readonly patterns: readonly RegExp[];

  constructor(
    items: readonly (string | RegExp)[],
    private readonly dlqSuffix: string,
  ) {
    this.names = items.filter((item): item is string => typeof item === 'string');
    this.patterns = items.filter((item): item is RegExp => item instanceof RegExp);
  }

  /** The selected topics among `existing`, sorted. */
  select(existing: Iterable<string>): string[] {
    const selected: string[] = [];
    for (const topic of existing) if (this.matches(topic)) selected.push(topic);
    return selected.sort();
  }

  matches(topic: string): boolean {
    if (this.names.includes(topic)) return true;
    if (topic.startsWith('__') || (this.dlqSuffix !== '' && topic.endsWith(this.dlqSuffix))) return false;
    return this.patterns.some((pattern) => {
      pattern.lastIndex = 0;
      return pattern.test(topic);
    });
  }

  describe(): string[] {
    return [...this.names, ...this.patterns.map(String)];
  }
}
