/**
 * One status line on stderr that rewrites itself ("sampling end offsets…"), shown only on a
 * terminal: in a pipe or a log file it would only be noise, and stdout stays the command's data.
 */
export class Progress {
  private shown = false;

  constructor(private readonly stream: { isTTY?: boolean; write(text: string): boolean }) {}

  update(text: string): void {
    if (!this.stream.isTTY) return;
    this.stream.write(`\r\x1b[2K${text}`);
    this.shown = true;
  }

  /** Clears the line, so the command's output starts on a clean one. */
  done(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
