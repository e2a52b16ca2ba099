/** Hand-written ModelSummary fixtures for unit tests (no model file involved). */
import type { DimRange, ModelSummary, TensorSignature } from '../../../src/shared/profileTypes';

export function tensor(
  name: string,
  dtype: string,
  shape: Array<number | string | null>,
  batchAxis: number | null,
): TensorSignature {
  return { name, dtype, shape, batchAxis, batchAxisSource: batchAxis === null ? 'none' : 'probe' };
}

export function summaryOf(
  inputs: TensorSignature[],
  outputs: TensorSignature[],
  dims: DimRange[] = [],
  fixedInputs: Record<string, number[]> = {},
): ModelSummary {
  return {
    path: '/models/fixture.onnx',
    fileName: 'fixture.onnx',
    sha256: '0'.repeat(64),
    bytes: 1,
    inputs,
    outputs,
    dims,
    fixedInputs,
    batchable: true,
    maxBatchSupported: null,
  };
}
