/** Reads input/output names, dtypes and declared shapes from a session, rejecting what cannot be fed. */
import type * as ort from 'onnxruntime-node';
import type { TensorSignature } from '../../shared/profileTypes';
import { ModelError } from './modelError';
import { isSupportedDtype } from './tensorData';

function toSignature(meta: ort.InferenceSession.ValueMetadata): TensorSignature {
  if (!meta.isTensor) {
    return { name: meta.name, dtype: 'non-tensor', shape: [], batchAxis: null, batchAxisSource: 'none' };
  }
  // ORT reports an unnamed dynamic dim as '' (and some exporters write -1): both become null.
  const shape = meta.shape.map((d) => (typeof d === 'string' ? (d === '' ? null : d) : d < 0 ? null : d));
  return { name: meta.name, dtype: meta.type, shape, batchAxis: null, batchAxisSource: 'none' };
}

/**
 * The model's inputs and outputs (batch axes not yet decided). Throws ModelError(…, 3) for an input
 * Batchscope cannot synthesize: strings, sequences, maps, other element types.
 */
export function readSignatures(
  session: ort.InferenceSession,
  modelPath: string,
): { inputs: TensorSignature[]; outputs: TensorSignature[] } {
  const inputs = session.inputMetadata.map(toSignature);
  const outputs = session.outputMetadata.map(toSignature);
  for (const input of inputs) {
    if (input.dtype === 'non-tensor') {
      throw new ModelError(
        `${modelPath}: input '${input.name}' is a sequence or map, not a tensor. Batchscope can only feed tensor ` +
          'inputs; re-export the model with tensor inputs.',
        3,
      );
    }
    if (!isSupportedDtype(input.dtype)) {
      const what = input.dtype === 'string' ? 'a string tensor' : `of element type ${input.dtype}`;
      throw new ModelError(
        `${modelPath}: input '${input.name}' is ${what}; Batchscope can synthesize float32, float16, float64, ` +
          'int64, int32, int8, uint8 and bool inputs only. Re-export the model so that this input is numeric ' +
          '(e.g. token ids instead of text).',
        3,
      );
    }
  }
  return { inputs, outputs };
}
