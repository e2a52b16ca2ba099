/**
 * Typed-array storage for each ONNX element type Batchscope handles, and seeded synthetic values.
 * float16 is stored as its IEEE half bits in a Uint16Array (what onnxruntime-node expects);
 * bool as 0/1 in a Uint8Array.
 */
import type { TensorDtype } from '../../shared/profileTypes';

export type TensorArray =
  Float32Array | Float64Array | Uint16Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;

const SUPPORTED: readonly TensorDtype[] = [
  'float32',
  'float16',
  'float64',
  'int64',
  'int32',
  'int8',
  'uint8',
  'bool',
];

/** True for the element types Batchscope can synthesize, stack and pad. */
export function isSupportedDtype(dtype: string): dtype is TensorDtype {
  return (SUPPORTED as readonly string[]).includes(dtype);
}

/** A zero-filled array of `length` elements of `dtype`. */
export function allocTensorArray(dtype: TensorDtype, length: number): TensorArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float16':
      return new Uint16Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'int8':
      return new Int8Array(length);
    case 'uint8':
    case 'bool':
      return new Uint8Array(length);
  }
}

/** Exclusive upper bound of synthetic integers: small and non-negative, valid as token ids or indices. */
export const SYNTHETIC_INT_RANGE = 64;

/** Float → IEEE 754 half bits (round to nearest; enough for synthetic data). */
export function toHalfBits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = ((bits >>> 23) & 0xff) - 127 + 15;
  const mant = bits & 0x7fffff;
  if (exp <= 0) return sign; // underflow to signed zero (synthetic values never need subnormals)
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | ((mant + 0x1000) >>> 13);
}

/**
 * Fills `out` with seeded synthetic values: floats uniform in [-1, 1), integers in
 * [0, SYNTHETIC_INT_RANGE), bools 0/1. Inputs named like masks get all ones (a zero attention
 * mask is rarely what a model expects).
 */
export function fillSynthetic(dtype: TensorDtype, out: TensorArray, rng: () => number, name: string): void {
  const isMask = /mask/i.test(name);
  const n = out.length;
  switch (dtype) {
    case 'float32':
    case 'float64': {
      const a = out as Float32Array | Float64Array;
      for (let i = 0; i < n; i++) a[i] = isMask ? 1 : rng() * 2 - 1;
      return;
    }
    case 'float16': {
      const a = out as Uint16Array;
      for (let i = 0; i < n; i++) a[i] = toHalfBits(isMask ? 1 : rng() * 2 - 1);
      return;
    }
    case 'int64': {
      const a = out as BigInt64Array;
      for (let i = 0; i < n; i++) a[i] = BigInt(isMask ? 1 : Math.floor(rng() * SYNTHETIC_INT_RANGE));
      return;
    }
    case 'int32':
    case 'int8':
    case 'uint8': {
      const a = out as Int32Array | Int8Array | Uint8Array;
      for (let i = 0; i < n; i++) a[i] = isMask ? 1 : Math.floor(rng() * SYNTHETIC_INT_RANGE);
      return;
    }
    case 'bool': {
      const a = out as Uint8Array;
      for (let i = 0; i < n; i++) a[i] = isMask || rng() < 0.5 ? 1 : 0;
      return;
    }
  }
}

/** Fills `out` from user-given numbers, repeating the list when it is shorter (a single value fills all). */
export function fillFixed(dtype: TensorDtype, out: TensorArray, values: number[]): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = values[i % values.length];
    if (dtype === 'int64') (out as BigInt64Array)[i] = BigInt(Math.trunc(v));
    else if (dtype === 'float16') (out as Uint16Array)[i] = toHalfBits(v);
    else if (dtype === 'bool') (out as Uint8Array)[i] = v ? 1 : 0;
    else (out as Float32Array)[i] = v;
  }
}

/** Product of a shape's dims (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
