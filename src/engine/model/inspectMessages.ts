/** Messages for people about models that cannot be probed or batched: what was wrong, what to do. */
import type { ModelSummary, TensorSignature } from '../../shared/profileTypes';
import { ModelError } from './modelError';
import { SYNTHETIC_INT_RANGE } from './tensorData';

/** A declared shape as text: [batch, 64], with ? for unnamed dynamic dims. */
export const shapeText = (shape: TensorSignature['shape']): string =>
  `[${shape.map((d) => d ?? '?').join(', ')}]`;

/** Lists what was fed, for error messages about rejected synthetic data. */
function describeFeeds(summary: ModelSummary): string {
  const inputs = summary.inputs.map((i) => {
    const integer = /int/.test(i.dtype) ? `, integers 0..${SYNTHETIC_INT_RANGE - 1}` : '';
    const src = summary.fixedInputs[i.name] ? 'fixed by --input' : `synthetic${integer}`;
    return `'${i.name}' ${i.dtype} ${shapeText(i.shape)} (${src})`;
  });
  const dims = summary.dims.map((d) => `${d.name}=${d.max}${d.source === 'default' ? ' (default)' : ''}`);
  return (
    `Inputs fed: ${inputs.join(', ')}.` + (dims.length ? ` Symbolic dims used: ${dims.join(', ')}.` : '')
  );
}

/** True when ORT's message names `name` as a whole word (so input 'x' is not found inside "index"). */
function mentions(message: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`).test(message);
}

export function rejectedData(modelPath: string, summary: ModelSummary, error: string): ModelError {
  const named = summary.inputs.filter((i) => mentions(error, i.name)).map((i) => `'${i.name}'`);
  return new ModelError(
    `${modelPath}: the model rejected Batchscope's synthetic inputs. ONNX Runtime said: "${error}". ` +
      `${describeFeeds(summary)} ` +
      (named.length ? `Its message names ${named.join(', ')}: start there. ` : '') +
      'Give real values with --input NAME=VALUE (e.g. a scalar setting) and sizes with --dim NAME=VALUE or ' +
      '--dim NAME=MIN..MAX for symbolic dims.',
    3,
  );
}

/** Why a model with no dynamic batch dim cannot be batched, and the fix. */
export function fixedBatchReason(inputs: TensorSignature[]): string {
  const leading = inputs.find((i) => typeof i.shape[0] === 'number');
  const where = leading
    ? `Input '${leading.name}' has the fixed shape ${shapeText(leading.shape)}, so its batch dim is fixed to ${leading.shape[0]}`
    : 'No input has a dynamic (symbolic) dimension that could carry the batch';
  const fixed = leading ? leading.shape[0] : null;
  const exampleName = leading?.name ?? inputs[0]?.name ?? 'input';
  const padHint =
    leading && typeof fixed === 'number' && fixed > 1
      ? ` If axis 0 is the batch, say so with --batch-axis ${leading.name}=0 to batch up to ${fixed} requests ` +
        `(padded to ${fixed} slots).`
      : '';
  return (
    `${where}; every run takes exactly what the model declares.${padHint} Fix: re-export the model with a ` +
    `dynamic batch axis (e.g. torch.onnx.export(..., dynamic_axes={'${exampleName}': {0: 'batch'}}) or dynamic_shapes with ` +
    'the dynamo exporter). Strategy none still runs.'
  );
}
