/**
 * Integer column writer for the profile file: zigzag + LEB128 varint bytes, raw-deflated and
 * base64'd. Values are integers up to ±2^52 (microseconds fit with room to spare) or NaN;
 * NaN is stored as the reserved code 0 so a request that never completed survives the trip.
 * Reading the bytes back is src/shared/columnBytes.ts (shared with the webview); this file only
 * inflates them, with zlib.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ColumnDataError } from '../../shared/columnBytes';

export { ColumnDataError, VarintReader } from '../../shared/columnBytes';

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

/** A column's `data` (base64 of raw-deflated bytes) inflated; {@link ColumnDataError} when it is damaged. */
export function inflateColumn(data: string): Uint8Array {
  try {
    return inflateRawSync(Buffer.from(data, 'base64'));
  } catch (err) {
    throw new ColumnDataError(`compressed data is damaged (${(err as Error).message})`);
  }
}

/** Float32 column: little-endian IEEE bytes, deflated, base64'd (exact round trip). */
export function encodeFloat32(values: Float32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeFloatLE(values[i], i * 4);
  return deflateRawSync(bytes, { level: 9 }).toString('base64');
}
