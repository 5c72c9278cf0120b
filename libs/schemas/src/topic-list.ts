/**
 * `topics = app_log, /^svc-.*\/` → names and regular expressions. An item between slashes is a
 * regex, so one key covers both forms.
 * @returns the items, and what is wrong with any of them (an invalid regular expression).
 */
export function parseTopicList(items: readonly string[]): { topics: (string | RegExp)[]; problems: { value: string; message: string }[] } {
  const topics: (string | RegExp)[] = [];
  const problems: { value: string; message: string }[] = [];
  for (const item of items) {
    if (item.length > 2 && item.startsWith('/') && item.endsWith('/')) {
      try {
        topics.push(new RegExp(item.slice(1, -1)));
      } catch (err) {
        problems.push({ value: item, message: `is not a valid regular expression: ${(err as Error).message}` });
      }
    } else {
      topics.push(item);
    }
  }
  return { topics, problems };
}
