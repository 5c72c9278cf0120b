/**
 * One bulk request's body, written as documents arrive: for each, its action line and its
 * source, each followed by `\n`, in UTF-8, straight into one buffer.
 *
 * Nothing per document is built only to be serialised or measured: the action line is a
 * prefix kept as bytes per index name (`{"index":{"_index":"…","_id":`), the id, and `}}`; the
 * source is the document's JSON as it was made. Every character is encoded once. (Before, the
 * client's bulk helper serialised an action object per document, measured each line in UTF-8,
 * and the lines were then encoded into the body in a second pass; bench/README.md.)
 */
export class BulkBody {
  /** Empty until the first document: a body taken last leaves no unused buffer behind. */
  private buffer = EMPTY;
  private at = 0;
  private documents = 0;

  /** @param expectedBytes what a full request holds: each buffer's first size, so it rarely grows. */
  constructor(private readonly expectedBytes: number) {}

  /** Bytes written so far. */
  get bytes(): number {
    return this.at;
  }

  get count(): number {
    return this.documents;
  }

  /**
   * @param actionPrefix the action line up to its id, as bytes (see `actionPrefix`).
   * @param id written as a JSON string; ids are made by the transfer and need no escaping, which
   *   `append` checks for the two characters that would.
   */
  append(actionPrefix: Buffer, id: string, source: string): void {
    // A UTF-16 unit never takes more than 3 bytes: only a document that might not fit is measured.
    const most = actionPrefix.length + id.length * 3 + source.length * 3 + 8;
    if (this.buffer.length - this.at < most) this.grow(actionPrefix.length + Buffer.byteLength(id) * 2 + Buffer.byteLength(source) + 8);
    const buffer = this.buffer;
    let at = this.at;
    at += actionPrefix.copy(buffer, at);
    buffer[at++] = 0x22; // "
    at += needsEscape(id) ? buffer.write(JSON.stringify(id).slice(1, -1), at) : buffer.write(id, at);
    buffer[at++] = 0x22;
    buffer[at++] = 0x7d; // }
    buffer[at++] = 0x7d;
    buffer[at++] = 0x0a;
    at += buffer.write(source, at);
    buffer[at++] = 0x0a;
    this.at = at;
    this.documents++;
  }

  /** The body so far; the writer starts over, with a new buffer. */
  take(): Buffer {
    const body = this.buffer.subarray(0, this.at);
    this.buffer = EMPTY;
    this.at = 0;
    this.documents = 0;
    return body;
  }

  private grow(needed: number): void {
    const first = this.expectedBytes + (this.expectedBytes >> 3) + 4096;
    const larger = Buffer.allocUnsafe(Math.max(this.at + needed, this.buffer.length * 2, first));
    this.buffer.copy(larger, 0, 0, this.at);
    this.buffer = larger;
  }
}

const EMPTY = Buffer.alloc(0);

/** `{"index":{"_index":"logs-a","_id":` as bytes, for `BulkBody.append`. */
export function actionPrefix(operation: 'index' | 'create', index: string): Buffer {
  return Buffer.from(`{"${operation}":{"_index":${JSON.stringify(index)},"_id":`);
}

/** Whether JSON must escape a character of the id: a quote, a backslash or a control character. */
function needsEscape(id: string): boolean {
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c) return true;
  }
  return false;
}
