/**
 * The model's tensors as servers describe them: fixed dims as numbers, -1 for a dim that varies,
 * and the batch dim left out where the server adds it.
 */
import type { TensorSignature } from '../profileTypes';
import type { ExportModel } from './exportTypes';

/** A dim as servers write it: its size, or -1 when it is symbolic or unknown. */
export function serverDim(dim: number | string | null): number {
  return typeof dim === 'number' && dim >= 0 ? dim : -1;
}

/** The dims of one item: the declared shape without the batch axis (all of it when there is none). */
export function itemDims(tensor: TensorSignature): number[] {
  return tensor.shape.filter((_, axis) => axis !== tensor.batchAxis).map(serverDim);
}

/** The whole declared shape, the batch dim included (-1 where it varies). */
export function fullDims(tensor: TensorSignature): number[] {
  return tensor.shape.map(serverDim);
}

/**
 * Why a server that batches along the first axis of every tensor (Triton, TF Serving) cannot
 * batch this model, one phrase per tensor, or [] when it can.
 */
export function leadingAxisProblems(model: ExportModel): string[] {
  const problems: string[] = [];
  for (const t of [...model.inputs, ...model.outputs]) {
    if (t.batchAxis === null) problems.push(`${t.name} has no batch axis (it is fed once per batch)`);
    else if (t.batchAxis !== 0) problems.push(`${t.name} has its batch on axis ${t.batchAxis}`);
  }
  return problems;
}

/** Batched inputs whose per-item shape has a dim that varies between requests (a length, an image size). */
export function variableLengthInputs(model: ExportModel): string[] {
  return model.inputs.filter((t) => t.batchAxis !== null && itemDims(t).includes(-1)).map((t) => t.name);
}
