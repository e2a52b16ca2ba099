/**
 * The synthetic model target (src/shared/syntheticModel.ts): no file and no onnxruntime. Its
 * summary is a model with one float input and one output, both batched on axis 0, and each
 * instance is a busy-wait worker that spins for the batch's cost.
 */
import type { ModelSummary, SyntheticTarget, TensorSignature } from '../../shared/profileTypes';
import {
  formatSyntheticSpec,
  parseSyntheticSpec,
  SyntheticSpecError,
  type SyntheticSpec,
} from '../../shared/syntheticModel';
import { ModelError } from '../model/modelError';
import type { ModelOptions } from '../model/modelOptions';
import { deriveSeed } from '../workload/rng';
import type { Target } from './target';

/** The seed stream of the busy-wait workers' jitter (1 and 2 are the inputs' and the arrivals'). */
const JITTER_STREAM = 3;

function tensor(name: string): TensorSignature {
  return { name, dtype: 'float32', shape: ['batch', 1], batchAxis: 0, batchAxisSource: 'none' };
}

/** The ModelSummary of a synthetic model: what the engine, the CLI and the panel show and record. */
export function syntheticModelSummary(spec: SyntheticSpec): ModelSummary {
  const text = formatSyntheticSpec(spec);
  const target: SyntheticTarget = { kind: 'synthetic', spec: text, ...spec };
  const summary: ModelSummary = {
    path: text,
    fileName: text,
    sha256: '',
    bytes: 0,
    inputs: [tensor('x')],
    outputs: [tensor('y')],
    dims: [],
    fixedInputs: {},
    batchable: true,
    maxBatchSupported: spec.maxBatch,
    target,
  };
  if (spec.maxBatch === 1)
    return {
      ...summary,
      batchable: false,
      notBatchableReason:
        'The synthetic model was given max-batch=1; raise max-batch (or leave it out) to batch.',
    };
  return summary;
}

/** Options that name inputs or dims a synthetic model does not have, or a GPU it does not use. */
function checkOptions(ref: string, options: Partial<ModelOptions>): void {
  const named: string[] = [];
  const list = (what: string, o: Record<string, unknown> | undefined): void => {
    const keys = Object.keys(o ?? {});
    if (keys.length) named.push(`${what} ${keys.join(', ')}`);
  };
  list('dim', options.dims);
  list('input', options.fixedInputs);
  list('batch axis', options.batchAxes);
  if (named.length)
    throw new ModelError(
      `${ref}: a synthetic model has no named inputs or symbolic dims; remove what was given for ${named.join('; ')}.`,
      2,
    );
  if (options.provider === 'cuda')
    throw new ModelError(
      `${ref}: a synthetic model busy-waits on the CPU; the cuda provider does not apply. Use the cpu provider.`,
      2,
    );
}

/** The target of a `synthetic:…` model argument (openTarget decides which arguments those are). */
export function syntheticTarget(ref: string, options: Partial<ModelOptions>): Target {
  const parse = (): SyntheticSpec => {
    try {
      return parseSyntheticSpec(ref);
    } catch (err) {
      if (err instanceof SyntheticSpecError) throw new ModelError(`${ref.trim()}: ${err.message}`, 2);
      throw err;
    }
  };
  return {
    ref,
    describe: async () => {
      const spec = parse();
      checkOptions(ref.trim(), options);
      return syntheticModelSummary(spec);
    },
    executor: ({ summary, settings }) => {
      // The recorded target when there is one (the summary may come from an earlier describe).
      const spec = summary.target?.kind === 'synthetic' ? summary.target : parse();
      return {
        kind: 'busyWait',
        serviceMs: spec.baseMs,
        perRequestMs: spec.perItemMs,
        jitter: spec.jitter,
        seed: deriveSeed(settings.seed, JITTER_STREAM),
      };
    },
  };
}
