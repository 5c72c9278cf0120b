/**
 * `topics = app_log, /^svc-.*\/` → names and regular expressions. An item between slashes is a
 * regex, so one key covers both forms.
 */
export function parseTopicList(items: readonly string[]): (string | RegExp)[] {
  return items.map((item) => {
    if (item.length > 2 && item.startsWith('/') && item.endsWith('/')) {
      try {
        return new RegExp(item.slice(1, -1));
      } catch (err) {
        throw new Error(`[kafka] topics: ${item} is not a valid regular expression: ${(err as Error).message}`);
      }
    }
    return item;
  });
}
