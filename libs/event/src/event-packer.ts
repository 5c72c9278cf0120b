import { MAX_PACK_CHARS, PACK_SEPARATOR } from './wire-format.js';

export interface PackLimits {
  /** Most events in one message (`[kafka] events_per_message`); 1 sends every event alone. */
  maxEvents: number;
  /** Most characters in one message; an event longer than this still goes, alone. */
  maxChars?: number;
}

/**
 * Packs consecutive encoded events of one file into v2 message values (see wire-format.ts):
 * events joined by `\n`, in the order they were added, up to `maxEvents` events and `maxChars`
 * characters. A full pack is handed to `emit` at once; `flush()` hands over the one being filled,
 * which the harvester does whenever it enqueues what it read, so a pack never waits for lines
 * that have not been written yet and never spans two acknowledgements.
 */
export class EventPacker {
  private value = '';
  private count = 0;
  private readonly maxEvents: number;
  private readonly maxChars: number;

  constructor(
    limits: PackLimits,
    private readonly emit: (value: string, events: number) => void,
  ) {
    this.maxEvents = Math.max(1, Math.floor(limits.maxEvents));
    this.maxChars = limits.maxChars ?? MAX_PACK_CHARS;
  }

  /** Events waiting in the pack being filled. */
  get pending(): number {
    return this.count;
  }

  /** Adds one encoded event (its JSON, which holds no raw line feed). */
  add(event: string): void {
    if (this.count > 0 && this.value.length + PACK_SEPARATOR.length + event.length > this.maxChars) this.flush();
    if (this.count === 0) this.value = event;
    else this.value += PACK_SEPARATOR + event;
    if (++this.count >= this.maxEvents || this.value.length >= this.maxChars) this.flush();
  }

  /** Emits the pack being filled, if it holds any event. */
  flush(): void {
    if (this.count === 0) return;
    const { value, count } = this;
    this.value = '';
    this.count = 0;
    this.emit(value, count);
  }
}
