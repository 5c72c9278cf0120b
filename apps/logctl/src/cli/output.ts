import { colourFor, type Colour } from './colour.js';
import { Progress } from './progress.js';

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Where a command writes: its result on stdout (a table on a terminal, JSON with `--json`), and
 * notes, warnings and progress on stderr, so that `logctl ... --json | jq` only ever sees data.
 */
export class Output {
  /** Styles for stdout; plain unless stdout is a terminal and NO_COLOR is unset. */
  readonly colour: Colour;
  /** Styles for stderr, decided separately: stdout may be piped while stderr is a terminal. */
  readonly errColour: Colour;

  constructor(
    private readonly streams: Streams,
    env: NodeJS.ProcessEnv,
    readonly json: boolean,
  ) {
    this.colour = colourFor(streams.stdout, env);
    this.errColour = colourFor(streams.stderr, env);
  }

  get isTTY(): boolean {
    return this.streams.stdout.isTTY === true;
  }

  /** Writes text to stdout as it is (tables end with their own newline). */
  write(text: string): void {
    this.streams.stdout.write(text);
  }

  line(text = ''): void {
    this.streams.stdout.write(text + '\n');
  }

  /** `--json` output: one document, indented on a terminal, compact in a pipe. */
  data(value: unknown): void {
    this.streams.stdout.write(JSON.stringify(value, null, this.isTTY ? 2 : undefined) + '\n');
  }

  /** A note for the human at the terminal, on stderr. */
  note(text: string): void {
    this.streams.stderr.write(text + '\n');
  }

  warn(text: string): void {
    this.streams.stderr.write(`${this.errColour.yellow('warning:')} ${text}\n`);
  }

  progress(): Progress {
    return new Progress(this.streams.stderr);
  }
}
