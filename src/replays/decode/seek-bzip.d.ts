// Types for the part of the `seek-bzip` package (plain JavaScript, no bundled types) we call.
declare module 'seek-bzip' {
  const bzip: {
    /** Decodes a whole bzip2 stream; with a number, the output is a fixed buffer of that size. */
    decode(input: Uint8Array, output?: number | Uint8Array, multistream?: boolean): Buffer;
  };
  export default bzip;
}
