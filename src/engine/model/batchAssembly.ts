/**
 * Hot path of every batching strategy: stack request inputs into batch tensors and split the
 * outputs back per request. Runs inside the inference workers; copies whole contiguous blocks only.
 */
import * as ort from 'onnxruntime-node';
import type { ModelSummary, TensorDtype, TensorSignature } from '../../shared/profileTypes';
import type { RequestInput } from './requestInputs';
import { copyIntoPadded, extractSlot } from './tensorCopy';
import { allocTensorArray, elementCount, type TensorArray } from './tensorData';

/** One request's output tensor. */
export interface RequestOutput {
  data: ArrayLike<unknown>;
  shape: number[];
}

/**
 * Slots in a batch: the caller's paddedSize, else a fixed batch dim the model declares
 * (e.g. 4 in [4, 64]: fewer requests are padded up to it), else one slot per request.
 */
function slotCount(tensors: readonly TensorSignature[], count: number, paddedSize?: number): number {
  if (paddedSize !== undefined) return paddedSize;
  return fixedBatchSize(tensors) ?? count;
}

/**
 * The batch size the tensors fix (e.g. 4 in [4, 64]): the first fixed dim found on a batch axis,
 * or null when every batch dim is dynamic.
 */
export function fixedBatchSize(tensors: readonly TensorSignature[]): number | null {
  for (const t of tensors) {
    const d = t.batchAxis === null ? undefined : t.shape[t.batchAxis];
    if (typeof d === 'number' && d > 0) return d;
  }
  return null;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Builds the feeds for one batch. Batched inputs are stacked along their own batch axis (not always
 * 0); symbolic dims are padded with zeros to the largest member; slots beyond the members up to
 * `paddedSize` are filled with copies of members (padding); inputs without a batch axis are fed
 * once (the largest member's, zero-padded to the batch's dims if another member's are bigger).
 *
 * @returns the feeds and `padFraction`: padding elements / all input elements fed.
 */
export function assembleBatch(
  summary: ModelSummary,
  members: RequestInput[],
  paddedSize?: number,
): { feeds: Record<string, ort.Tensor>; padFraction: number } {
  const n = members.length;
  if (n === 0) throw new Error('assembleBatch: a batch needs at least one request');
  const slots = slotCount(summary.inputs, n, paddedSize);
  if (slots < n)
    throw new Error(`assembleBatch: paddedSize ${slots} is smaller than the ${n} requests in the batch`);

  const feeds: Record<string, ort.Tensor> = {};
  let total = 0;
  let real = 0;
  for (const input of summary.inputs) {
    const axis = input.batchAxis;
    // Target shape: the largest member along every dim (every member's dims, so an unbatched input
    // such as position ids [seq] follows the batch's padded seq); `slots` along the batch axis.
    let largest = members[0].tensors[input.name];
    const target = largest.shape.slice();
    for (let m = 1; m < n; m++) {
      const t = members[m].tensors[input.name];
      if (t.data.length > largest.data.length) largest = t;
      for (let i = 0; i < target.length; i++) if (t.shape[i] > target[i]) target[i] = t.shape[i];
    }
    if (axis !== null) target[axis] = slots;
    const targetCount = elementCount(target);
    total += targetCount;

    let data: TensorArray;
    if (axis === null) {
      // Fed once: the largest member's tensor, padded when another member has a bigger dim.
      if (sameShape(largest.shape, target)) data = largest.data;
      else {
        data = allocTensorArray(input.dtype as TensorDtype, targetCount);
        copyIntoPadded(largest.data, largest.shape, data, target, null, 0);
      }
      real += largest.data.length;
    } else if (n === 1 && slots === 1 && sameShape(largest.shape, target)) {
      data = largest.data; // a batch of one, nothing to pad: feed the request's own array
      real += targetCount;
    } else {
      data = allocTensorArray(input.dtype as TensorDtype, targetCount);
      for (let m = 0; m < n; m++) {
        const t = members[m].tensors[input.name];
        copyIntoPadded(t.data, t.shape, data, target, axis, m);
        real += t.data.length;
      }
      for (let slot = n; slot < slots; slot++) {
        const t = members[slot % n].tensors[input.name];
        copyIntoPadded(t.data, t.shape, data, target, axis, slot);
      }
    }
    feeds[input.name] = new ort.Tensor(input.dtype as ort.Tensor.Type, data as ort.Tensor.DataType, target);
  }
  return { feeds, padFraction: total === 0 ? 0 : (total - real) / total };
}

/**
 * Splits a batch's outputs back per request along each output's batch axis, dropping padding
 * slots. Outputs without a batch axis are given whole to every request. Throws when an output's
 * batch axis does not have one entry per slot (the batch axis is wrong for that output).
 */
export function splitOutputs(
  summary: ModelSummary,
  outputs: ort.InferenceSession.OnnxValueMapType,
  count: number,
  paddedSize?: number,
): Array<Record<string, RequestOutput>> {
  const slots = slotCount(summary.outputs, count, paddedSize);
  const perRequest: Array<Record<string, RequestOutput>> = [];
  for (let r = 0; r < count; r++) perRequest.push({});
  for (const output of summary.outputs) {
    const value = outputs[output.name] as ort.Tensor | undefined;
    if (!value) continue;
    const shape = value.dims.slice();
    const data = value.data as ArrayLike<unknown> & { slice(a?: number, b?: number): ArrayLike<unknown> };
    const axis = output.batchAxis;
    if (axis === null) {
      for (let r = 0; r < count; r++) perRequest[r][output.name] = { data, shape };
      continue;
    }
    if (axis >= shape.length || shape[axis] !== slots) {
      throw new Error(
        `Output '${output.name}' has shape [${shape.join(', ')}]: expected ${slots} entries along its batch axis ${axis} ` +
          `(${count} requests + ${slots - count} padding slots). The batch axis of '${output.name}' is wrong; ` +
          `set it with --batch-axis ${output.name}=AXIS.`,
      );
    }
    const reqShape = shape.slice();
    reqShape[axis] = 1;
    for (let r = 0; r < count; r++)
      perRequest[r][output.name] = { data: extractSlot(data, shape, axis, r), shape: reqShape.slice() };
  }
  return perRequest;
}
