// The `ini` package ships no types, and @types/ini would be a root-level dependency; this covers
// the one function the parser uses.
declare module 'ini' {
  interface DecodeOptions {
    /** `key[] = v` lines make arrays (the default); false makes repeated keys arrays instead. */
    bracketedArray?: boolean;
  }
  /** Values are strings, `true` for bare keys, booleans/null for true/false/null, arrays for `key[]`. */
  type Decode = (text: string, options?: DecodeOptions) => Record<string, unknown>;
  const ini: { decode: Decode; parse: Decode };
  export default ini;
}
