import { tailLines } from '../log-tail.js';
import type { StartFailure } from '../errors.js';

/** The end of each log that has something in it, for a failure report. */
export async function collectLogTails(files: readonly string[], lines = 40): Promise<StartFailure['logTails']> {
  const tails: StartFailure['logTails'] = [];
  for (const file of files) {
    const tail = await tailLines(file, lines);
    if (tail.length > 0) tails.push({ file, lines: tail });
  }
  return tails;
}
