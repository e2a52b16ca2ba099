/**
 * Names for symbolic dims. A dim the model names (dim_param) keeps its name; an unnamed dynamic
 * dim is called `INPUT:AXIS` so `--dim` can still address it.
 */
import type { TensorSignature } from '../../shared/profileTypes';

/** The key under which a symbolic dim's value is stored and given with `--dim`. */
export function dimKey(tensorName: string, axis: number, declared: number | string | null): string {
  return typeof declared === 'string' && declared !== '' ? declared : `${tensorName}:${axis}`;
}

/** The symbolic (non-batch) dims of an input, as [axis, key] pairs. */
export function symbolicDims(input: TensorSignature): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  input.shape.forEach((d, axis) => {
    if (axis !== input.batchAxis && typeof d !== 'number') out.push([axis, dimKey(input.name, axis, d)]);
  });
  return out;
}

/**
 * Default value for a symbolic dim the user did not set, chosen by its name so common models run:
 * sequence-like 16, spatial 32, channels 3, audio samples 1600, anything else 16.
 */
export function defaultDimValue(name: string): number {
  const n = name.toLowerCase();
  if (/chan|^c$/.test(n)) return 3;
  if (/height|width|^h$|^w$|img|image|pixel|spatial|resolution/.test(n)) return 32;
  if (/audio|wave|sample/.test(n)) return 1600;
  return 16;
}
