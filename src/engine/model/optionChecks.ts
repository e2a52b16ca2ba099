/** Checks the user's model options against the model's signature; mistakes exit 2. */
import type { ModelSummary, TensorSignature } from '../../shared/profileTypes';
import { ModelError } from './modelError';
import type { ModelOptions } from './modelOptions';
import { shapeText } from './inspectMessages';

/** Rejects option values that name nothing in the model or are out of range (exit 2). */
export function checkOptions(
  opts: ModelOptions,
  inputs: TensorSignature[],
  outputs: TensorSignature[],
): void {
  for (const [name, axis] of Object.entries(opts.batchAxes)) {
    const t = inputs.find((i) => i.name === name) ?? outputs.find((o) => o.name === name);
    if (!t) {
      const names = [...inputs, ...outputs].map((x) => `'${x.name}'`).join(', ');
      throw new ModelError(
        `--batch-axis ${name}=${axis}: the model has no input or output '${name}' (it has ${names}).`,
        2,
      );
    }
    if (!Number.isInteger(axis) || axis < 0 || axis >= t.shape.length) {
      throw new ModelError(
        `--batch-axis ${name}=${axis}: '${name}' has shape ${shapeText(t.shape)}, so the axis must be an integer ` +
          `from 0 to ${t.shape.length - 1}.`,
        2,
      );
    }
  }
  for (const [name, r] of Object.entries(opts.dims)) {
    if (!Number.isInteger(r.min) || !Number.isInteger(r.max) || r.min < 1 || r.max < r.min) {
      throw new ModelError(`--dim ${name}=${r.min}..${r.max}: give whole numbers >= 1 with MIN <= MAX.`, 2);
    }
  }
}

/** Checks that every --dim names a symbolic dim the chosen summary actually draws. */
export function checkDimNames(summary: ModelSummary, userDims: ModelOptions['dims']): void {
  for (const name of Object.keys(userDims)) {
    if (summary.dims.some((d) => d.name === name)) continue;
    const batchOf = summary.inputs.find((i) => i.batchAxis !== null && i.shape[i.batchAxis] === name);
    if (batchOf) {
      throw new ModelError(
        `--dim ${name}: '${name}' is the batch dim of input '${batchOf.name}'; batch sizes come from the strategy ` +
          '(e.g. --max-batch), not from --dim.',
        2,
      );
    }
    const known = summary.dims.map((d) => d.name);
    throw new ModelError(
      `--dim ${name}: the model has no symbolic (non-batch) dim '${name}'. ` +
        (known.length
          ? `Its symbolic dims are ${known.join(', ')}.`
          : 'It has no symbolic dims besides the batch.'),
      2,
    );
  }
}
