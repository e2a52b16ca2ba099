/**
 * Seeded synthetic inputs for single requests. The runtime draws a small pool once and reuses it
 * (request id modulo pool size), so building inputs never sits on the measured path.
 *
 * A request's symbolic dim values are a pure function of (summary, seed, pool size, request id):
 * {@link drawRequestDims} draws them from their own seeded stream, the workers build their pools
 * on it, and the engine's main thread calls {@link requestSizeKeys} with the same arguments to
 * know each request's size (what bucketed batching groups by) at arrival, without asking a
 * worker. Nothing crosses threads per request: both sides look up by `id % poolSize`.
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

/**
 * The symbolic dim values of each of the `poolSize` pool entries for `seed` (entry i serves the
 * requests whose id % poolSize is i): each dim drawn uniformly from its range in `summary.dims`,
 * from a stream of its own, so the table is the same wherever it is computed.
 */
export function drawRequestDims(
  summary: ModelSummary,
  seed: number,
  poolSize: number,
): Array<Record<string, number>> {
  const rng = createRng(deriveSeed(seed, 0x1a6));
  const table: Array<Record<string, number>> = [];
  for (let i = 0; i < Math.max(1, poolSize); i++) {
    const dims: Record<string, number> = {};
    for (const range of summary.dims)
      dims[range.name] = range.min + Math.floor(rng() * (range.max - range.min + 1));
    table.push(dims);
  }
  return table;
}

/** A request's size key: the product of its symbolic dim values (1 when the model has none). */
export function sizeKeyOfDims(summary: ModelSummary, dims: Record<string, number>): number {
  let key = 1;
  for (const range of summary.dims) key *= dims[range.name];
  return key;
}

/**
 * The size key of each pool entry, as the workers' pool built with the same arguments will use
 * it: request `id` has key `keys[id % keys.length]`.
 */
export function requestSizeKeys(summary: ModelSummary, seed: number, poolSize: number): Float64Array {
  return Float64Array.from(drawRequestDims(summary, seed, poolSize), (dims) => sizeKeyOfDims(summary, dims));
}

/**
 * A deterministic pool of `poolSize` request inputs for `seed`. Symbolic dims come from
 * {@link drawRequestDims}; inputs without a batch axis and without symbolic dims are one shared object.
 */
export function makeRequestInputPool(summary: ModelSummary, seed: number, poolSize: number): RequestInput[] {
  const rng = createRng(deriveSeed(seed, 0x1a7));
  const dimsTable = drawRequestDims(summary, seed, poolSize);
  const pool: RequestInput[] = [];
  const shared = new Map<string, { data: TensorArray; shape: number[] }>();
  for (let i = 0; i < dimsTable.length; i++) {
    const entry = makeRequestInput(summary, rng, dimsTable[i]);
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
