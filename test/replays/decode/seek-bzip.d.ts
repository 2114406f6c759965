// Types for the part of `seek-bzip` (plain JavaScript, no bundled types) the tests use as an
// independent reference decoder.
declare module 'seek-bzip' {
  const bzip: {
    /** Decodes a whole bzip2 stream; with a number, the output is a fixed buffer of that size. */
    decode(input: Uint8Array, output?: number | Uint8Array): Buffer;
  };
  export default bzip;
}
