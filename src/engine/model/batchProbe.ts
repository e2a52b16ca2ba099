/**
 * Confirms batch axes by running the model: once with a batch of 1 and once with 2 (the same first
 * request in slot 0). An output axis that goes 1 → 2 is that output's batch axis; slot 0 of the
 * batch of 2 should equal the batch of 1 when the input axes are right.
 */
import type * as ort from 'onnxruntime-node';
import type { ModelSummary, TensorSignature } from '../../shared/profileTypes';
import { createRng } from '../workload/rng';
import { assembleBatch, splitOutputs } from './batchAssembly';
import type { AxisHypothesis } from './batchAxisHypotheses';
import { applyFixedInputs, dimRangesFor, maxDims } from './dimRanges';
import { makeRequestInput } from './requestInputs';

export type ProbeResult =
  | { ok: true; summary: ModelSummary; consistent: boolean }
  | { ok: false; stage: 1 | 2; error: string; summary: ModelSummary };

/** What the probe needs besides the hypothesis. */
export interface ProbeContext {
  session: ort.InferenceSession;
  base: ModelSummary;
  userDims: Record<string, { min: number; max: number }>;
  overrides: Record<string, number>;
}

/** The summary a hypothesis implies, before probing (outputs not yet decided). */
export function draftSummary(ctx: ProbeContext, hyp: AxisHypothesis): ModelSummary {
  const inputs: TensorSignature[] = ctx.base.inputs.map((input, i) => ({
    ...input,
    batchAxis: hyp[i],
    batchAxisSource:
      ctx.overrides[input.name] !== undefined ? 'override' : hyp[i] === null ? 'none' : 'probe',
  }));
  const dims = dimRangesFor(inputs, ctx.userDims);
  applyFixedInputs(inputs, ctx.base.fixedInputs, dims);
  return { ...ctx.base, inputs, dims };
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
}

/** Near-equality of two numeric arrays (batched kernels may round differently). */
function nearlyEqual(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') {
      if (
        Math.abs(x - y) > 1e-3 * Math.max(1, Math.abs(x), Math.abs(y)) &&
        !(Number.isNaN(x) && Number.isNaN(y))
      ) {
        return false;
      }
    } else if (x !== y) return false;
  }
  return true;
}

/**
 * Picks an output's batch axis from its shapes at batch 1 and batch 2: the axis that goes 1 → 2.
 * When the inputs' batch dim is fixed to K (both probes padded to K slots), the axis of size K.
 */
function scalingAxis(
  declared: TensorSignature['shape'],
  one: readonly number[],
  two: readonly number[],
  fixedSlots: number | null,
): number | null {
  if (one.length !== two.length) return null;
  const axes: number[] = [];
  for (let k = 0; k < one.length; k++) {
    const grows =
      fixedSlots === null ? one[k] === 1 && two[k] === 2 : one[k] === fixedSlots && two[k] === fixedSlots;
    if (grows) axes.push(k);
  }
  const preferred = (k: number): boolean =>
    fixedSlots === null ? typeof declared[k] !== 'number' : declared[k] === fixedSlots;
  return axes.find(preferred) ?? axes[0] ?? null;
}

/** The fixed size of the inputs' batch axis (e.g. 4 in [4, 64] under --batch-axis), or null when symbolic. */
function fixedSlotsOf(summary: ModelSummary): number | null {
  for (const t of summary.inputs) {
    const d = t.batchAxis === null ? undefined : t.shape[t.batchAxis];
    if (typeof d === 'number') return d;
  }
  return null;
}

/** Runs the batch-1 and batch-2 probes for one hypothesis. */
export async function probeHypothesis(ctx: ProbeContext, hyp: AxisHypothesis): Promise<ProbeResult> {
  const draft = draftSummary(ctx, hyp);
  const rng = createRng(0x5eed);
  const dims = maxDims(draft.dims);
  const first = makeRequestInput(draft, rng, dims);
  let one: ort.InferenceSession.OnnxValueMapType;
  try {
    one = await ctx.session.run(assembleBatch(draft, [first]).feeds);
  } catch (err) {
    return { ok: false, stage: 1, error: errorText(err), summary: draft };
  }
  const outputsUnbatched = draft.outputs.map((o) => ({
    ...o,
    batchAxis: null,
    batchAxisSource: 'none' as const,
  }));
  if (hyp.every((a) => a === null))
    return { ok: true, summary: { ...draft, outputs: outputsUnbatched }, consistent: true };

  let two: ort.InferenceSession.OnnxValueMapType;
  try {
    two = await ctx.session.run(assembleBatch(draft, [first, makeRequestInput(draft, rng, dims)]).feeds);
  } catch (err) {
    return { ok: false, stage: 2, error: errorText(err), summary: draft };
  }
  const outputs: TensorSignature[] = draft.outputs.map((o) => {
    const override = ctx.overrides[o.name];
    if (override !== undefined) return { ...o, batchAxis: override, batchAxisSource: 'override' };
    const a = one[o.name] as ort.Tensor | undefined;
    const b = two[o.name] as ort.Tensor | undefined;
    const axis = a && b ? scalingAxis(o.shape, a.dims, b.dims, fixedSlotsOf(draft)) : null;
    return { ...o, batchAxis: axis, batchAxisSource: axis === null ? 'none' : 'probe' };
  });
  const summary = { ...draft, outputs };
  if (outputs.every((o) => o.batchAxis === null)) {
    return {
      ok: false,
      stage: 2,
      error: 'no output grew along any axis when the batch went from 1 to 2',
      summary,
    };
  }
  let consistent = true;
  try {
    const slot0 = splitOutputs(summary, two, 2)[0];
    const alone = splitOutputs(summary, one, 1)[0];
    for (const o of outputs) {
      if (slot0[o.name] && alone[o.name] && !nearlyEqual(slot0[o.name].data, alone[o.name].data))
        consistent = false;
    }
  } catch (err) {
    return { ok: false, stage: 2, error: errorText(err), summary };
  }
  return { ok: true, summary, consistent };
}
