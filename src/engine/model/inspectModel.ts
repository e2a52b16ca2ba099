/**
 * Loads a model, reads its signature and decides, by probing it with real runs, how requests are
 * batched: each input's and output's batch axis, the symbolic dims and whether it batches at all.
 */
import type * as ort from 'onnxruntime-node';
import type { ModelSummary, TensorSignature } from '../../shared/profileTypes';
import { batchAxisHypotheses } from './batchAxisHypotheses';
import { draftSummary, probeHypothesis, type ProbeContext, type ProbeResult } from './batchProbe';
import { ModelError } from './modelError';
import { readModelFile } from './modelFile';
import { defaultModelOptions, type ModelOptions } from './modelOptions';
import { createSession } from './session';
import { readSignatures } from './signatures';
import { SYNTHETIC_INT_RANGE } from './tensorData';

const shapeText = (shape: TensorSignature['shape']): string => `[${shape.map((d) => d ?? '?').join(', ')}]`;

/** Rejects option values that name nothing in the model or are out of range (exit 2). */
function checkOptions(opts: ModelOptions, inputs: TensorSignature[], outputs: TensorSignature[]): void {
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
function checkDimNames(summary: ModelSummary, userDims: ModelOptions['dims']): void {
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

function rejectedData(modelPath: string, summary: ModelSummary, error: string): ModelError {
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
function fixedBatchReason(inputs: TensorSignature[]): string {
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

/** The largest batch a summary allows: a fixed dim on a batch axis caps it; symbolic means unbounded. */
function maxBatchOf(summary: ModelSummary): number | null {
  for (const t of summary.inputs) {
    const d = t.batchAxis === null ? undefined : t.shape[t.batchAxis];
    if (typeof d === 'number') return d;
  }
  return null;
}

/** Probes hypotheses in order; the first that runs with outputs consistent with batch 1 wins. */
async function chooseHypothesis(ctx: ProbeContext, modelPath: string): Promise<ProbeResult & { ok: true }> {
  const hypotheses = batchAxisHypotheses(ctx.base.inputs, ctx.overrides);
  let firstRan: (ProbeResult & { ok: true }) | null = null;
  let primaryFailure: (ProbeResult & { ok: false }) | null = null;
  for (let h = 0; h < hypotheses.length; h++) {
    const result = await probeHypothesis(ctx, hypotheses[h]);
    if (result.ok && result.consistent) return result;
    if (result.ok) firstRan ??= result;
    else if (h === 0) {
      if (result.stage === 1) throw rejectedData(modelPath, result.summary, result.error);
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

/**
 * Inspects a model: file fingerprint, inputs/outputs with batch axes confirmed by probing,
 * symbolic dims with the values requests will use, and the batchability verdict.
 * Throws ModelError with exit code 2 (path / option problems) or 3 (model cannot be profiled).
 */
export async function inspectModel(
  modelPath: string,
  options: Partial<ModelOptions> = {},
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
