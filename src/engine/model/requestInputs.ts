/**
 * Seeded synthetic inputs for single requests. The runtime draws a small pool once and reuses it
 * (request id modulo pool size), so building inputs never sits on the measured path.
 */
import type { ModelSummary, TensorDtype, TensorSignature } from '../../shared/profileTypes';
import { createRng, deriveSeed } from '../workload/rng';
import { dimKey } from './dimNames';
import { allocTensorArray, elementCount, fillFixed, fillSynthetic, type TensorArray } from './tensorData';

/** One request's inputs: batch axis of size 1; inputs without a batch axis are included too (fed once per batch). */
export interface RequestInput {
  /** Value of each symbolic (non-batch) dim for this request. */
  dims: Record<string, number>;
  tensors: Record<string, { data: TensorArray; shape: number[] }>;
}

/** Shape of one request's tensor: batch axis 1, symbolic dims from `dims`. */
export function requestShape(input: TensorSignature, dims: Record<string, number>): number[] {
  return input.shape.map((d, axis) => {
    if (axis === input.batchAxis) return 1;
    if (typeof d === 'number') return d;
    const value = dims[dimKey(input.name, axis, d)];
    if (value === undefined)
      throw new Error(`No value for dim ${dimKey(input.name, axis, d)} of input '${input.name}'`);
    return value;
  });
}

/** Builds one request's tensors for the given dim values. */
export function makeRequestInput(
  summary: ModelSummary,
  rng: () => number,
  dims: Record<string, number>,
): RequestInput {
  const tensors: RequestInput['tensors'] = {};
  for (const input of summary.inputs) {
    const dtype = input.dtype as TensorDtype;
    const shape = requestShape(input, dims);
    const data = allocTensorArray(dtype, elementCount(shape));
    const fixed = summary.fixedInputs[input.name];
    if (fixed && fixed.length > 0) fillFixed(dtype, data, fixed);
    else fillSynthetic(dtype, data, rng, input.name);
    tensors[input.name] = { data, shape };
  }
  return { dims, tensors };
}

/** Draws each symbolic dim uniformly from its range. */
function drawDims(summary: ModelSummary, rng: () => number): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const range of summary.dims)
    dims[range.name] = range.min + Math.floor(rng() * (range.max - range.min + 1));
  return dims;
}

/**
 * A deterministic pool of `poolSize` request inputs for `seed`. Symbolic dims are drawn per entry
 * from `summary.dims`; inputs without a batch axis and without symbolic dims are one shared object.
 */
export function makeRequestInputPool(summary: ModelSummary, seed: number, poolSize: number): RequestInput[] {
  const rng = createRng(deriveSeed(seed, 0x1a7));
  const pool: RequestInput[] = [];
  const shared = new Map<string, { data: TensorArray; shape: number[] }>();
  for (let i = 0; i < Math.max(1, poolSize); i++) {
    const entry = makeRequestInput(summary, rng, drawDims(summary, rng));
    for (const input of summary.inputs) {
      if (input.batchAxis !== null || input.shape.some((d) => typeof d !== 'number')) continue;
      const first = shared.get(input.name);
      if (first) entry.tensors[input.name] = first;
      else shared.set(input.name, entry.tensors[input.name]);
    }
    pool.push(entry);
  }
  return pool;
}

/** The pool entry for a request id (ids wrap around the pool). */
export function requestInputFor(pool: RequestInput[], requestId: number): RequestInput {
  return pool[requestId % pool.length];
}
