/** The model summary as the CLI prints it: inputs, outputs, batch axes, dims (defaults marked), verdict. */
import type { ModelSummary, TensorSignature } from '../shared/profileTypes';
import { targetDescription } from '../shared/syntheticModel';
import { textTable } from './textTable';

const shapeText = (shape: TensorSignature['shape']): string => `[${shape.map((d) => d ?? '?').join(', ')}]`;

function axisText(t: TensorSignature): string {
  if (t.batchAxis === null) return 'none (fed once per batch)';
  return `${t.batchAxis}${t.batchAxisSource === 'override' ? ' (--batch-axis)' : t.batchAxisSource === 'probe' ? ' (probed)' : ''}`;
}

function tensorTable(tensors: TensorSignature[]): string {
  return textTable(
    ['name', 'dtype', 'shape', 'batch axis'],
    tensors.map((t) => [t.name, t.dtype, shapeText(t.shape), axisText(t)]),
  );
}

/** Multi-line text describing the model and how Batchscope will batch it. */
export function formatModelSummary(model: ModelSummary): string {
  const target = targetDescription(model);
  const lines = target
    ? [`Model ${model.path}`, target, '']
    : [
        `Model ${model.path} (${(model.bytes / 1024).toFixed(1)} KiB, sha256 ${model.sha256.slice(0, 12)}…)`,
        '',
      ];
  lines.push(
    'Inputs:',
    indent(tensorTable(model.inputs)),
    '',
    'Outputs:',
    indent(tensorTable(model.outputs)),
    '',
  );
  if (model.dims.length > 0) {
    lines.push('Symbolic dims (values drawn per request):');
    for (const d of model.dims) {
      const range = d.min === d.max ? `${d.min}` : `${d.min}..${d.max}`;
      lines.push(
        `  ${d.name} = ${range}${d.source === 'default' ? '   (default; set with --dim NAME=V)' : ''}`,
      );
    }
    lines.push('');
  }
  const fixed = Object.entries(model.fixedInputs);
  if (fixed.length > 0) {
    lines.push('Fixed inputs:', ...fixed.map(([k, v]) => `  ${k} = ${v.join(',')}`), '');
  }
  if (model.batchable) {
    const cap =
      model.maxBatchSupported === null ? 'any batch size' : `batches up to ${model.maxBatchSupported}`;
    lines.push(`Batchable: yes (${cap}).`);
  } else {
    lines.push(`Batchable: NO. ${model.notBatchableReason ?? ''}`.trimEnd());
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
