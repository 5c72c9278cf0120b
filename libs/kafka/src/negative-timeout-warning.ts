/**
 * kafkajs 2.2.4 (its last release) schedules its request queue's throttle check with
 * `setTimeout(fn, throttledUntil - Date.now())` while `throttledUntil` is still -1, a delay of
 * minus the epoch. Node has always run such a timer after 1 ms; Node 24 also prints a
 * `TimeoutNegativeWarning` for it, once per process, into the apps' stderr, which is meant to
 * hold log lines only. Only that warning is dropped, and only while kafkajs is the client.
 */
let installed = false;

export function ignoreKafkajsNegativeTimeouts(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'TimeoutNegativeWarning' || (warning instanceof Error && warning.name === 'TimeoutNegativeWarning')) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}
