/**
 * The lifecycle every long-running component follows (harvester, producer, consumer, bulk sink,
 * HTTP server).
 *
 * - `start()` resolves once the component is running and able to do its work.
 * - `stop()` stops intake, drains what is in flight (flush, acknowledge, save state), and resolves
 *   when done. Calling it twice, or concurrently, is safe: every caller gets the same promise.
 */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wraps a stop routine so that concurrent and repeated callers share one in-flight promise, the
 * way KafkaJS shares its disconnect.
 */
export function onceStop(stopRoutine: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= stopRoutine();
    return stopping;
  };
}
