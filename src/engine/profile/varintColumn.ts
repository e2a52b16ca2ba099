/**
 * Integer column codec for the profile file: zigzag + LEB128 varint bytes, raw-deflated and
 * base64'd. Values are integers up to ±2^52 (microseconds fit with room to spare) or NaN;
 * NaN is stored as the reserved code 0 so a request that never completed survives the trip.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Growable byte buffer of varints. */
export class VarintWriter {
  private bytes = new Uint8Array(1024);
  private length = 0;

  /** Appends an integer (or NaN / ±Infinity, both stored as "missing"). */
  push(value: number): void {
    // Code 0 = missing; otherwise zigzag(value) + 1. Arithmetic, not bit operators: values may exceed 2^31.
    let code = Number.isFinite(value) ? (value >= 0 ? value * 2 : -value * 2 - 1) + 1 : 0;
    this.ensure(8);
    while (code >= 128) {
      this.bytes[this.length++] = (code % 128) | 128;
      code = Math.floor(code / 128);
    }
    this.bytes[this.length++] = code;
  }

  /** The varint bytes written so far, deflated and base64'd. */
  toBase64(): string {
    return deflateRawSync(this.bytes.subarray(0, this.length), { level: 9 }).toString('base64');
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** Thrown by the readers when column bytes are not what the writer produces; callers add context. */
export class ColumnDataError extends Error {}

/** Sequential reader over a base64'd, deflated varint column. */
export class VarintReader {
  private readonly bytes: Uint8Array;
  private offset = 0;

  constructor(base64: string) {
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(Buffer.from(base64, 'base64'));
    } catch (err) {
      throw new ColumnDataError(`compressed data is damaged (${(err as Error).message})`);
    }
    this.bytes = inflated;
  }

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
    if (code === 0) return NaN;
    code -= 1;
    return code % 2 === 0 ? code / 2 : -(code + 1) / 2;
  }

  /** True when every byte was consumed (a longer column than its count is corrupt too). */
  get done(): boolean {
    return this.offset === this.bytes.length;
  }
}

/** Float32 column: little-endian IEEE bytes, deflated, base64'd (exact round trip). */
export function encodeFloat32(values: Float32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeFloatLE(values[i], i * 4);
  return deflateRawSync(bytes, { level: 9 }).toString('base64');
}

/** Inverse of {@link encodeFloat32}; checks the length against `count`. */
export function decodeFloat32(base64: string, count: number): Float32Array {
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(Buffer.from(base64, 'base64'));
  } catch (err) {
    throw new ColumnDataError(`compressed data is damaged (${(err as Error).message})`);
  }
  if (bytes.length !== count * 4) {
    throw new ColumnDataError(`holds ${bytes.length / 4} values but its count says ${count}`);
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
