import type { Fields } from '../fields/fields.js';

/**
 * Turns one line into ECS fields of its document. One instance per format and configuration,
 * built at startup with its regular expressions compiled; `parse` runs once per message, so it
 * creates no regex and no closure.
 *
 * A parser writes nothing until the whole line has parsed, so a failure leaves the document as
 * the agent sent it, and the transform adds the failure fields (see `parse-failure.ts`).
 */
export interface Parser {
  /** The format name it is selected by: `nginx`, `syslog`, … */
  readonly format: string;
  /**
   * @param line the event's `message`, as the agent read it.
   * @param document the event, with the agent's `@timestamp` (the read time) still in place.
   * @returns undefined when parsed, or what failed, for `error.message`. Never throws for bad input.
   */
  parse(line: string, document: Fields): string | undefined;
}
