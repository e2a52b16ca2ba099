/**
 * Reading a profile column's bytes once they are inflated: zigzag + LEB128 varints, or
 * little-endian float32. No Node or DOM imports, so the engine and the webview read columns with
 * the same code; inflating (raw deflate) is the caller's: zlib in Node, DecompressionStream in
 * the page.
 */

/** Thrown when column bytes are not what the writer produces; callers add the column's name. */
export class ColumnDataError extends Error {}

/**
 * Undoes base64 + raw deflate of one column's `data`, or throws {@link ColumnDataError}. Sync
 * so one decoder serves both sides: the page inflates every column first (asynchronously) and
 * then looks the bytes up.
 */
export type InflateColumn = (data: string) => Uint8Array;

/** Sequential reader over inflated varint bytes. */
export class VarintReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Next value; NaN for a missing one. */
  next(): number {
    let code = 0;
    let scale = 1;
    for (;;) {
      if (this.offset >= this.bytes.length) throw new ColumnDataError('fewer values than its count says');
      const byte = this.bytes[this.offset++];
      code += (byte & 127) * scale;
      if (byte < 128) break;
      scale *= 128;
      if (scale > 2 ** 56) throw new ColumnDataError('a value is too long to be a number');
    }
    // Code 0 = missing; otherwise zigzag(value) + 1. Arithmetic, not bit operators: values may exceed 2^31.
    if (code === 0) return NaN;
    code -= 1;
    return code % 2 === 0 ? code / 2 : -(code + 1) / 2;
  }

  /**
   * Fills `out` with the next `out.length` values, as {@link next} would. Codes of up to four
   * bytes (below 2^28: nearly every delta and offset) decode in int32 arithmetic, which is several
   * times faster than next()'s doubles; a longer code, or bytes running out, goes through next().
   */
  readInto(out: Float64Array): void {
    const bytes = this.bytes;
    const end = bytes.length;
    let offset = this.offset;
    for (let i = 0; i < out.length; i++) {
      let code = 0;
      let shift = 0;
      let byte = 128;
      while (byte >= 128 && shift < 28 && offset < end) {
        byte = bytes[offset++];
        code |= (byte & 127) << shift;
        shift += 7;
      }
      if (byte >= 128) {
        this.offset = offset - shift / 7;
        out[i] = this.next();
        offset = this.offset;
      } else out[i] = code === 0 ? NaN : code & 1 ? code >>> 1 : -(code >>> 1);
    }
    this.offset = offset;
  }

  /** True when every byte was consumed (a longer column than its count is corrupt too). */
  get done(): boolean {
    return this.offset === this.bytes.length;
  }
}

/** Inflated `float32-le` bytes as values; checks the length against `count`. */
export function readFloat32LE(bytes: Uint8Array, count: number): Float32Array {
  if (bytes.length !== count * 4) {
    throw new ColumnDataError(`holds ${bytes.length / 4} values but its count says ${count}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
