import { waitFor } from '@logpipe/runtime';
import type { AppProcess } from '../support/app-process.js';

/** Waits for a log line of `app` that mentions every one of `texts`; returns that line as logged. */
export async function waitForLogMentioning(app: AppProcess, texts: readonly string[], timeoutMs = 30_000): Promise<string> {
  return waitFor(
    () => app.logs.map((line) => JSON.stringify(line)).find((line) => texts.every((text) => line.includes(text))),
    { what: `${app.app} to log a line mentioning ${texts.map((t) => JSON.stringify(t)).join(', ')}`, timeoutMs, intervalMs: 100 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; recent output:\n${app.output.slice(-3000)}`);
  });
}
