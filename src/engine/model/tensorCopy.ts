/**
 * Block copies between dense row-major tensors, for stacking requests into a batch (with zero
 * padding) and taking one request's slice back out. Each copies whole contiguous runs with
 * TypedArray.set / subarray: no per-element JavaScript work.
 */
import type { TensorArray } from './tensorData';

/** Below this many elements a plain loop beats creating a subarray view for `set`. */
const SMALL_RUN = 64;

/**
 * Copies `src` (shape `srcShape`) into `dst` (shape `dstShape`, every dim >= the source's) at the
 * origin, except along `axis` where it lands at index `slot`. Elements of `dst` not covered keep
 * their value (zero in a fresh array: that is the padding).
 */
export function copyIntoPadded(
  src: TensorArray,
  srcShape: readonly number[],
  dst: TensorArray,
  dstShape: readonly number[],
  axis: number | null,
  slot: number,
): void {
  const rank = srcShape.length;
  // Longest trailing block of axes where source and destination agree: copied as one run.
  let j = rank;
  while (j > 0 && srcShape[j - 1] === dstShape[j - 1] && (j - 1 !== axis || slot === 0)) j--;
  let run = 1;
  for (let i = j; i < rank; i++) run *= srcShape[i];
  if (run === 0) return;

  const dstStride = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    dstStride[i] = s;
    s *= dstShape[i];
  }
  const base = axis !== null && axis < j ? slot * dstStride[axis] : 0;
  if (j === 0) {
    (dst as Float32Array).set(src.subarray(0, run) as Float32Array, base);
    return;
  }
  // Odometer over the leading j axes of the source.
  const idx = new Array<number>(j).fill(0);
  let outerCount = 1;
  for (let i = 0; i < j; i++) outerCount *= srcShape[i];
  let dstOff = base;
  const d = dst as Float32Array;
  const sArr = src as Float32Array;
  for (let o = 0; o < outerCount; o++) {
    const srcOff = o * run;
    if (run < SMALL_RUN) for (let k = 0; k < run; k++) d[dstOff + k] = sArr[srcOff + k];
    else d.set(sArr.subarray(srcOff, srcOff + run), dstOff);
    // Advance the odometer and the destination offset.
    for (let i = j - 1; i >= 0; i--) {
      idx[i]++;
      dstOff += dstStride[i];
      if (idx[i] < srcShape[i]) break;
      dstOff -= idx[i] * dstStride[i];
      idx[i] = 0;
    }
  }
}

/** Anything indexable that ORT may return as tensor data (typed arrays, or string[] for strings). */
type TensorLike = ArrayLike<unknown> & { slice(start?: number, end?: number): ArrayLike<unknown> };

/**
 * Returns a copy of index `slot` along `axis` of a dense tensor of shape `shape`; the result has
 * that axis of size 1. A copy, not a view, so posting it to another thread does not drag the whole
 * batch's buffer along.
 */
export function extractSlot(
  data: TensorLike,
  shape: readonly number[],
  axis: number,
  slot: number,
): ArrayLike<unknown> {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const size = shape[axis];
  if (outer === 1) return data.slice(slot * inner, (slot + 1) * inner);
  if (ArrayBuffer.isView(data)) {
    const typed = data as unknown as Float32Array;
    const out = new (typed.constructor as Float32ArrayConstructor)(outer * inner);
    for (let o = 0; o < outer; o++) {
      const from = (o * size + slot) * inner;
      if (inner < SMALL_RUN) for (let k = 0; k < inner; k++) out[o * inner + k] = typed[from + k];
      else out.set(typed.subarray(from, from + inner), o * inner);
    }
    return out;
  }
  const out: unknown[] = [];
  for (let o = 0; o < outer; o++) {
    const from = (o * size + slot) * inner;
    for (let k = 0; k < inner; k++) out.push(data[from + k]);
  }
  return out;
}
