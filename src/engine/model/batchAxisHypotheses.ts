/**
 * Candidate batch axes for the inputs, most plausible first. Names only rank the candidates; the
 * probe (batchProbe.ts) decides which hypothesis the model actually follows.
 */
import type { TensorSignature } from '../../shared/profileTypes';

/** Names that usually mean "batch". */
const BATCH_NAME = /batch|^(n|b|bs|num_?samples|unk__0)$/i;
/** Names that usually mean something else: never guessed as a batch axis. */
const NON_BATCH_NAME =
  /seq|len|token|time|step|frame|word|sentence|context|position|past|height|width|^h$|^w$|chan|^c$|image|img|pixel|audio|wave|feature|hidden|vocab|class/i;

/** A batch axis (or null: fed once, not stacked) for every input, in input order. */
export type AxisHypothesis = Array<number | null>;

/** Ranked batch-axis options for one input: batch-like names first, then unnamed/neutral symbolic dims, then null. */
export function axisOptions(input: TensorSignature): Array<number | null> {
  const named: number[] = [];
  const neutral: number[] = [];
  input.shape.forEach((d, axis) => {
    if (typeof d === 'number') return;
    if (d !== null && BATCH_NAME.test(d)) named.push(axis);
    else if (d === null || !NON_BATCH_NAME.test(d)) neutral.push(axis);
  });
  return [...named, ...neutral, null];
}

/**
 * Hypotheses to probe, best first: every input on its top option, then one input at a time moved
 * to its next option. Inputs in `overrides` keep the user's axis. At most `limit` hypotheses.
 */
export function batchAxisHypotheses(
  inputs: readonly TensorSignature[],
  overrides: Record<string, number>,
  limit = 8,
): AxisHypothesis[] {
  const options = inputs.map((input) =>
    overrides[input.name] !== undefined ? [overrides[input.name]] : axisOptions(input),
  );
  const primary = options.map((o) => o[0]);
  const out: AxisHypothesis[] = [primary];
  for (let i = 0; i < inputs.length && out.length < limit; i++) {
    for (let k = 1; k < options[i].length && out.length < limit; k++) {
      const alt = primary.slice();
      alt[i] = options[i][k];
      if (alt.some((a) => a !== null)) out.push(alt);
    }
  }
  return out;
}
