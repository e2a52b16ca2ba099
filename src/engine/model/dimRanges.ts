/** Values for the symbolic (non-batch) dims: the user's `--dim`, else a default chosen by name. */
import type { DimRange, TensorSignature } from '../../shared/profileTypes';
import { defaultDimValue, symbolicDims } from './dimNames';

/** One range per distinct symbolic dim of the inputs (batch axes excluded), in order of appearance. */
export function dimRangesFor(
  inputs: readonly TensorSignature[],
  userDims: Record<string, { min: number; max: number }>,
): DimRange[] {
  const seen = new Map<string, DimRange>();
  for (const input of inputs) {
    for (const [, key] of symbolicDims(input)) {
      if (seen.has(key)) continue;
      const user = userDims[key];
      const value = defaultDimValue(key);
      seen.set(
        key,
        user
          ? { name: key, min: user.min, max: user.max, source: 'user' }
          : { name: key, min: value, max: value, source: 'default' },
      );
    }
  }
  return [...seen.values()];
}

/** The largest value of every dim: what the probe uses, so the model is checked at its biggest inputs. */
export function maxDims(ranges: readonly DimRange[]): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const r of ranges) dims[r.name] = r.max;
  return dims;
}

/**
 * Checks `--input NAME=VALUES` against the model: the input must exist, and a list of values must
 * fill the request's tensor exactly. A list for an input with one symbolic dim sets that dim
 * (e.g. `--input ids=5,6,7` on ids [batch, seq] means seq = 3). Throws a message for the user.
 */
export function applyFixedInputs(
  inputs: readonly TensorSignature[],
  fixedInputs: Record<string, number[]>,
  ranges: DimRange[],
): void {
  for (const [name, values] of Object.entries(fixedInputs)) {
    const input = inputs.find((i) => i.name === name);
    if (!input) {
      throw new Error(
        `--input ${name}: the model has no input named '${name}'; its inputs are ${inputs.map((i) => `'${i.name}'`).join(', ')}.`,
      );
    }
    if (values.length === 0 || values.some((v) => !Number.isFinite(v))) {
      throw new Error(
        `--input ${name}: give one or more numbers, e.g. --input ${name}=1 or --input ${name}=1,2,3.`,
      );
    }
    if (values.length === 1) continue; // one value fills the whole tensor
    let fixedCount = 1;
    const symbolic: string[] = [];
    input.shape.forEach((d, axis) => {
      if (axis === input.batchAxis) return;
      if (typeof d === 'number') fixedCount *= d;
      else symbolic.push(d === null ? `${name}:${axis}` : d);
    });
    const shapeText = `[${input.shape.map((d, axis) => (axis === input.batchAxis ? 1 : (d ?? '?'))).join(', ')}]`;
    if (symbolic.length === 0) {
      if (values.length !== fixedCount) {
        throw new Error(
          `--input ${name}: ${values.length} values given, but one request's '${name}' has ${fixedCount} elements ` +
            `(shape ${shapeText}). Give ${fixedCount} values or a single value to fill it.`,
        );
      }
      continue;
    }
    const derived = values.length / fixedCount;
    if (symbolic.length > 1 || !Number.isInteger(derived)) {
      throw new Error(
        `--input ${name}: ${values.length} values cannot fill shape ${shapeText}. Give a single value, or fix the ` +
          `symbolic dims with --dim so the count is known.`,
      );
    }
    const range = ranges.find((r) => r.name === symbolic[0]);
    if (range && range.source === 'user' && (range.min !== derived || range.max !== derived)) {
      throw new Error(
        `--input ${name}: ${values.length} values imply ${symbolic[0]}=${derived}, but --dim set it otherwise.`,
      );
    }
    if (range) Object.assign(range, { min: derived, max: derived, source: 'user' as const });
  }
}
