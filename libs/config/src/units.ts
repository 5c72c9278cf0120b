/** Durations and sizes written with units ("5s", "64KiB"), as people write them in config files. */

/** Milliseconds per duration unit. Months and years are left out: their length varies. */
const MS_PER_UNIT: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Bytes per size unit, keyed in lower case: units match case-insensitively because in a config
 * file "mb" always means megabytes, never megabits.
 */
const BYTES_PER_UNIT: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

export const DURATION_FORMAT = 'a number followed by ms, s, m, h or d (e.g. 250ms, 5s, 1.5m, 2h, 7d), or 0';

export const BYTES_FORMAT =
  'a number of bytes, optionally followed by a unit: B, KB, MB, GB, TB (powers of 1000) ' +
  'or KiB, MiB, GiB, TiB (powers of 1024), e.g. 512, 64KiB, 10MB, 1GiB';

/**
 * "250ms", "5s", "1.5m", "2h", "7d" or "0" → milliseconds; `undefined` when the text is not a
 * duration. A bare number other than 0 is rejected: "30" could mean seconds or milliseconds, and
 * guessing wrong is a silent thousand-fold error.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(trimmed);
  return match ? wholeNumber(Number(match[1]) * (MS_PER_UNIT[match[2] ?? ''] ?? NaN)) : undefined;
}

/** "512", "64KiB", "10MB", "1.5GiB" → bytes; `undefined` when the text is not a size. */
export function parseBytes(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? BYTES_PER_UNIT[(match[2] ?? '').toLowerCase()] : undefined;
  return match && unit !== undefined ? wholeNumber(Number(match[1]) * unit) : undefined;
}

/**
 * The whole number `x` stands for, or `undefined` for a real fraction ("0.5ms", half a byte) or
 * an amount past 2^53. The tolerance absorbs float noise: 1.1 * 1000 is 1100.0000000000002.
 */
function wholeNumber(x: number): number | undefined {
  const rounded = Math.round(x);
  const exact = Math.abs(x - rounded) <= 1e-9 * Math.max(1, Math.abs(x));
  return exact && Number.isSafeInteger(rounded) ? rounded : undefined;
}
