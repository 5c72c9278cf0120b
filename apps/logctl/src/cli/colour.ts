/** ANSI styles, or identity functions when colour is off: callers never check. */
export interface Colour {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

const style = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

const ON: Colour = {
  enabled: true,
  bold: style(1, 22),
  dim: style(2, 22),
  red: style(31, 39),
  green: style(32, 39),
  yellow: style(33, 39),
  blue: style(34, 39),
  magenta: style(35, 39),
  cyan: style(36, 39),
};

const same = (text: string) => text;
export const NO_COLOUR: Colour = { enabled: false, bold: same, dim: same, red: same, green: same, yellow: same, blue: same, magenta: same, cyan: same };

/**
 * Colour only on a terminal, and never when NO_COLOR is set to anything non-empty
 * (https://no-color.org) or the terminal says it cannot (`TERM=dumb`): piped output stays plain.
 */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colour {
  if (!stream.isTTY) return NO_COLOUR;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return NO_COLOUR;
  if (env.TERM === 'dumb') return NO_COLOUR;
  return ON;
}

// eslint-disable-next-line no-control-regex -- an ANSI style sequence starts with ESC by definition
export const ANSI = /\x1b\[[0-9;]*m/g;

/** The text as it shows on screen: what table columns are measured by. */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}
