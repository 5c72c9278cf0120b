/**
 * A bulk request's lines as the bytes sent: each line in UTF-8 followed by `\n`.
 *
 * The bulk helper hands the transport an array of strings; the transport would concatenate them,
 * measure the whole body in UTF-8 for its Content-Length, and encode it again on the socket.
 * Writing each line straight into one buffer encodes every character once and never builds the
 * concatenated string (4.2 against 8 to 9.5 ms for a 5 MB request; bench/README.md). The buffer
 * is sized from the character count, which is the byte count for ASCII, and grows for the rest.
 */
export function encodeBulkLines(lines: readonly string[]): Buffer {
  let chars = 0;
  for (const line of lines) chars += line.length + 1;
  let buffer = Buffer.allocUnsafe(chars + (chars >> 3) + 1024);
  let at = 0;
  for (const line of lines) {
    // A UTF-16 unit never takes more than 3 bytes: only a line that might not fit is measured.
    if (buffer.length - at < line.length * 3 + 1) {
      const needed = at + Buffer.byteLength(line) + 1;
      if (needed > buffer.length) {
        const larger = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2));
        buffer.copy(larger, 0, 0, at);
        buffer = larger;
      }
    }
    at += buffer.write(line, at);
    buffer[at++] = 0x0a;
  }
  return buffer.subarray(0, at);
}
