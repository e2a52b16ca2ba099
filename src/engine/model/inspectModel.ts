/**
 * Loads a model, reads its signature and decides, by probing it with real runs, how requests are
 * batched: each input's and output's batch axis, the symbolic dims and whether it batches at all.
 */
import type * as ort from 'onnxruntime-node';
import type { ModelSummary, ProbeProblem } from '../../shared/profileTypes';
import { batchAxisHypotheses } from './batchAxisHypotheses';
import { draftSummary, probeHypothesis, type ProbeContext, type ProbeResult } from './batchProbe';
import { fixedBatchReason, rejectedData, rejectedDataReason, shapeText } from './inspectMessages';
import { ModelError } from './modelError';
import { readModelFile } from './modelFile';
import { readModelGraph } from './modelGraph';
import { defaultModelOptions, type ModelOptions } from './modelOptions';
import { checkDimNames, checkOptions } from './optionChecks';
import { probeSuspects } from './probeSuspects';
import { createSession } from './session';
import { readSignatures } from './signatures';

/** The largest batch a summary allows: a fixed dim on a batch axis caps it; symbolic means unbounded. */
function maxBatchOf(summary: ModelSummary): number | null {
  for (const t of summary.inputs) {
    const d = t.batchAxis === null ? undefined : t.shape[t.batchAxis];
    if (typeof d === 'number') return d;
  }
  return null;
}

/** The primary hypothesis' batch of 1 failed: the model rejects the values themselves, not a batch axis. */
type Rejected = ProbeResult & { ok: false; stage: 1 };

/**
 * Probes hypotheses in order; the first that runs with outputs consistent with batch 1 wins.
 * Returns the failure instead when the model rejects even a batch of 1 on the primary hypothesis.
 */
async function chooseHypothesis(
  ctx: ProbeContext,
  modelPath: string,
): Promise<(ProbeResult & { ok: true }) | Rejected> {
  const hypotheses = batchAxisHypotheses(ctx.base.inputs, ctx.overrides);
  let firstRan: (ProbeResult & { ok: true }) | null = null;
  let primaryFailure: (ProbeResult & { ok: false }) | null = null;
  for (let h = 0; h < hypotheses.length; h++) {
    const result = await probeHypothesis(ctx, hypotheses[h]);
    if (result.ok && result.consistent) return result;
    if (result.ok) firstRan ??= result;
    else if (h === 0) {
      if (result.stage === 1) return { ...result, stage: 1 };
      primaryFailure = result;
    }
  }
  if (firstRan) return firstRan;
  const failure = primaryFailure!;
  const tried = failure.summary.inputs
    .filter((i) => i.batchAxis !== null)
    .map((i) => `'${i.name}' axis ${i.batchAxis} of ${shapeText(i.shape)}`);
  throw new ModelError(
    `${modelPath}: could not confirm a batch axis. With a batch of 2 stacked along ${tried.join(', ')}: ${failure.error}. ` +
      'If the model batches along another axis, say which with --batch-axis NAME=AXIS (inputs and outputs); if its ' +
      'batch dim is really fixed, re-export it with a dynamic batch axis.',
    3,
  );
}

/** How to inspect, besides the model options. */
export interface InspectBehaviour {
  /**
   * When the model rejects synthetic values, return its signature with `probeProblem` and
   * `batchable: false` instead of throwing: the panel needs the form to let the user set them.
   * The CLI and runs leave it off (a run needs a model that runs).
   */
  tolerateProbeFailure?: boolean;
}

/**
 * The summary of a model that rejected synthetic values: its signature, the dims and fixed inputs
 * that were tried (so the form shows them), and what to set. Input batch axes are the primary
 * hypothesis, unconfirmed: they only say which dims are the batch.
 */
function rejectedSummary(rejected: Rejected, problem: ProbeProblem): ModelSummary {
  return {
    ...rejected.summary,
    batchable: false,
    maxBatchSupported: null,
    notBatchableReason: rejectedDataReason(problem, rejected.summary),
    probeProblem: problem,
  };
}

/**
 * Inspects a model: file fingerprint, inputs/outputs with batch axes confirmed by probing,
 * symbolic dims with the values requests will use, and the batchability verdict.
 * Throws ModelError with exit code 2 (path / option problems) or 3 (model cannot be profiled);
 * with `tolerateProbeFailure`, a model that rejects synthetic values is a summary instead.
 */
export async function inspectModel(
  modelPath: string,
  options: Partial<ModelOptions> = {},
  behaviour: InspectBehaviour = {},
): Promise<ModelSummary> {
  // Field by field, so an explicit `undefined` (an unset CLI flag) keeps the default.
  const opts: ModelOptions = {
    dims: options.dims ?? defaultModelOptions.dims,
    fixedInputs: options.fixedInputs ?? defaultModelOptions.fixedInputs,
    batchAxes: options.batchAxes ?? defaultModelOptions.batchAxes,
    provider: options.provider ?? defaultModelOptions.provider,
    threads: options.threads ?? defaultModelOptions.threads,
  };
  const file = await readModelFile(modelPath);
  const session = await createSession(file.absPath, { provider: opts.provider, threads: opts.threads });
  try {
    const { inputs, outputs } = readSignatures(session, modelPath);
    checkOptions(opts, inputs, outputs);
    const base: ModelSummary = {
      path: file.absPath,
      fileName: file.fileName,
      sha256: file.sha256,
      bytes: file.bytes,
      inputs,
      outputs,
      dims: [],
      fixedInputs: { ...opts.fixedInputs },
      batchable: false,
      maxBatchSupported: null,
    };
    const ctx: ProbeContext = { session, base, userDims: opts.dims, overrides: opts.batchAxes };
    try {
      draftSummary(ctx, batchAxisHypotheses(inputs, opts.batchAxes)[0]); // validates --input early
    } catch (err) {
      throw new ModelError((err as Error).message, 2);
    }
    const chosen = await chooseHypothesis(ctx, modelPath);
    if (!chosen.ok) {
      const { problem, basis } = probeSuspects(chosen.summary, chosen.error, readModelGraph(file.absPath));
      if (behaviour.tolerateProbeFailure) return rejectedSummary(chosen, problem);
      throw rejectedData(modelPath, chosen.summary, problem, basis);
    }
    const summary = chosen.summary;
    checkDimNames(summary, opts.dims);
    const maxBatch = maxBatchOf(summary);
    const batched = summary.inputs.some((i) => i.batchAxis !== null);
    if (!batched)
      return {
        ...summary,
        batchable: false,
        notBatchableReason: fixedBatchReason(inputs),
        maxBatchSupported: 1,
      };
    if (maxBatch === 1) {
      return {
        ...summary,
        batchable: false,
        notBatchableReason: fixedBatchReason(inputs),
        maxBatchSupported: 1,
      };
    }
    return { ...summary, batchable: true, maxBatchSupported: maxBatch };
  } finally {
    await releaseQuietly(session);
  }
}

async function releaseQuietly(session: ort.InferenceSession): Promise<void> {
  try {
    await session.release();
  } catch {
    // Releasing a session that failed mid-probe must not hide the real error.
  }
}

/**
 * Throws ModelError(…, 3) naming the file, the reason and the fix when the summary says the model
 * cannot be batched. Callers use it before running any strategy that batches (all but `none`).
 */
export function requireBatchable(summary: ModelSummary): void {
  if (summary.batchable) return;
  throw new ModelError(`${summary.path}: ${summary.notBatchableReason ?? 'the model cannot be batched.'}`, 3);
}
