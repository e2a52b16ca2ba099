import type { CalibrationPoint } from '../profileTypes';
import { MAX_BATCH_LIMIT, maxBatchParam, sloParam } from './commonParams';
import type {
  BatchingPolicy,
  BatchOutcome,
  PolicyDecision,
  PolicyState,
  QueueView,
  SchedulerState,
} from './policy';
import { formatMs, num, type StrategyDescriptor } from './strategyDescriptor';
import type { ParamSpec } from './strategyParams';

/** Knobs of the AIMD batcher (checked by the registry before they get here). */
export interface AimdBatchingOptions {
  /** Hard upper bound of the cap. */
  maxBatch: number;
  /** Latency budget one batch's processing time is held to, ms. */
  sloMs: number;
  /** Added to the cap after a full batch that met the budget (Clipper: "a fixed amount"). */
  additiveStep: number;
  /** The cap is multiplied by this after a batch over budget, in (0, 1) (Clipper: 0.9). */
  backoffFactor: number;
  /** The cap before any feedback, 1..maxBatch. */
  startBatch: number;
}

/** Defaults of the parameters that have a built-in one (also used to keep labels short). */
const DEFAULT_STEP = 1;
const DEFAULT_BACKOFF = 0.9;
const DEFAULT_START = 1;

/**
 * `aimd`: Clipper's adaptive batch size (Crankshaw et al., NSDI 2017, §4.3). A batch-size cap
 * grows additively while batches are processed within the latency budget and shrinks
 * multiplicatively when one is not, so it probes for the largest batch the model can process in
 * budget and tracks it as the model's speed changes.
 *
 * - Dispatch: whenever an instance is idle, take `min(queued, floor(cap))` at once. Clipper's
 *   optional "delayed batching" timeout is left out: without waiting, this policy isolates the
 *   AIMD controller (a waiting variant is what `dynamic` already shows).
 * - Feedback: a batch's `computeMs` (its processing time, which is what Clipper holds to the
 *   objective; queueing delay is not the cap's fault) is compared with `sloMs`. Over budget:
 *   `cap *= backoff`. Within budget: `cap += step`, but only if the batch was full at the cap —
 *   a batch cut short by an empty queue says nothing about whether a larger one fits, and growing
 *   on it would let a lightly loaded server inflate the cap to `maxBatch` with no evidence, then
 *   overshoot the budget the moment a burst arrives.
 * - The cap is kept fractional (a 0.9 backoff from 9 gives 8.1, dispatched as 8) and clamped to
 *   [1, maxBatch].
 *
 * With several instances, completions of batches sized under an older cap still count: an
 * over-budget one shrinks the current cap, a smaller-than-cap one cannot grow it.
 */
export class AimdBatchingPolicy implements BatchingPolicy {
  readonly name = 'aimd';
  readonly maxBatch: number;
  readonly sloMs: number;
  readonly additiveStep: number;
  readonly backoffFactor: number;
  private cap: number;

  constructor(options: AimdBatchingOptions) {
    this.maxBatch = options.maxBatch;
    this.sloMs = options.sloMs;
    this.additiveStep = options.additiveStep;
    this.backoffFactor = options.backoffFactor;
    this.cap = clamp(options.startBatch, 1, this.maxBatch);
  }

  decide(queue: QueueView, _state: SchedulerState): PolicyDecision {
    if (queue.length === 0) return { kind: 'wait' };
    // Never waits, so draining changes nothing and no batch is ever a `flushed` one.
    return { kind: 'dispatch', count: Math.min(queue.length, Math.floor(this.cap)) };
  }

  onBatchComplete(outcome: BatchOutcome): void {
    if (outcome.computeMs > this.sloMs) {
      this.cap = Math.max(1, this.cap * this.backoffFactor);
    } else if (outcome.size >= Math.floor(this.cap)) {
      this.cap = Math.min(this.maxBatch, this.cap + this.additiveStep);
    }
  }

  observe(): PolicyState {
    return { capBatch: Math.floor(this.cap) };
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Where AIMD's cap settles on a calibrated model: it grows while batches compute within the
 * budget and backs off once one does not, so it hovers at the largest batch (1..max) whose median
 * compute fits the budget. Sizes between calibrated ones are interpolated linearly, sizes beyond
 * the largest extrapolated along the last segment (in proportion, from a single point). Null
 * without calibration.
 */
export function settledCap(
  calibration: readonly CalibrationPoint[],
  budgetMs: number,
  maxBatch: number,
): number | null {
  const points = calibration
    .filter((p) => p.batchSize >= 1 && Number.isFinite(p.latencyMs))
    .map((p): [number, number] => [p.batchSize, p.latencyMs])
    .sort((a, b) => a[0] - b[0]);
  if (points.length === 0) return null;
  const estimate = (n: number): number => {
    let k = points.findIndex(([size]) => size >= n);
    if (k === 0) return points[0][1];
    if (k < 0) {
      // One calibrated size says nothing about the slope: assume no batching gain (cautious).
      if (points.length === 1) return (points[0][1] * n) / points[0][0];
      k = points.length - 1;
    }
    const [s0, v0] = points[k - 1];
    const [s1, v1] = points[k];
    return v0 + ((v1 - v0) * (n - s0)) / (s1 - s0);
  };
  let cap = 1;
  while (cap < maxBatch && estimate(cap + 1) <= budgetMs) cap++;
  return cap;
}

const stepParam: ParamSpec = {
  key: 'additiveStep',
  short: 'step',
  type: 'number',
  label: 'Additive step',
  help: 'Added to the batch cap after each full batch processed within the latency budget.',
  default: DEFAULT_STEP,
  min: 0,
  positive: true,
  max: MAX_BATCH_LIMIT,
};

const backoffParam: ParamSpec = {
  key: 'backoffFactor',
  short: 'backoff',
  type: 'number',
  label: 'Backoff factor',
  help: 'The batch cap is multiplied by this after a batch over the latency budget; below 1 (Clipper uses 0.9).',
  default: DEFAULT_BACKOFF,
  min: 0,
  positive: true,
  // 1 itself passes the range check but would never shrink the cap: crossCheck rejects it.
  max: 1,
};

const startParam: ParamSpec = {
  key: 'startBatch',
  short: 'start',
  type: 'int',
  label: 'Initial batch cap',
  help: 'The batch cap before any feedback, at most the max batch.',
  default: DEFAULT_START,
  min: 1,
  max: MAX_BATCH_LIMIT,
  batchSize: true,
};

/** Registry entry of {@link AimdBatchingPolicy}. */
export const aimdStrategy: StrategyDescriptor = {
  name: 'aimd',
  title: 'AIMD adaptive batching (Clipper)',
  summary:
    'Dispatches at once up to a batch cap that grows by a step while batches meet the latency budget and shrinks by a factor when one does not.',
  reference:
    'Clipper adaptive batching, additive-increase-multiplicative-decrease batch size (Crankshaw et al., "Clipper: A Low-Latency Online Prediction Serving System", NSDI 2017, §4.3) — https://www.usenix.org/conference/nsdi17/technical-sessions/presentation/crankshaw',
  params: [
    maxBatchParam('The largest batch cap AIMD may grow to.'),
    sloParam(
      'Latency budget for processing one batch: faster full batches grow the cap, slower ones shrink it.',
    ),
    stepParam,
    backoffParam,
    startParam,
  ],
  queuePolicy: true,
  maxBatch: (c) => num(c, 'maxBatch'),
  label: (c) => {
    const parts = [`max=${num(c, 'maxBatch')}`, `slo=${formatMs(num(c, 'sloMs'))}ms`];
    // Labels must differ between configs, so every non-default knob shows.
    if (num(c, 'additiveStep') !== DEFAULT_STEP) parts.push(`step=${formatMs(num(c, 'additiveStep'))}`);
    if (num(c, 'backoffFactor') !== DEFAULT_BACKOFF)
      parts.push(`backoff=${formatMs(num(c, 'backoffFactor'))}`);
    if (num(c, 'startBatch') !== DEFAULT_START) parts.push(`start=${num(c, 'startBatch')}`);
    return `aimd(${parts.join(', ')})`;
  },
  crossCheck: (c) => {
    const problems: Array<[string, string]> = [];
    if (num(c, 'backoffFactor') >= 1)
      problems.push(['backoffFactor', 'Backoff factor must be less than 1, or the batch cap never shrinks.']);
    if (num(c, 'startBatch') > num(c, 'maxBatch'))
      problems.push([
        'startBatch',
        `Initial batch cap must be at most the max batch (${num(c, 'maxBatch')}).`,
      ]);
    return problems;
  },
  serverBatching: (c, context) => {
    const max = num(c, 'maxBatch');
    const slo = num(c, 'sloMs');
    const settled = settledCap(context.calibration, slo, max);
    const where =
      settled === null
        ? 'its max, as there is no calibration to say where the cap would settle'
        : `where the cap settles on this model's calibration: the largest batch whose median compute fits ${formatMs(slo)} ms`;
    return {
      maxBatch: settled ?? max,
      maxDelayMs: 0,
      preferredBatch: [],
      latencyBudgetMs: null,
      shedAfterMs: null,
      differences: [
        `AIMD is in none of these servers: it grows its batch cap while batches compute within ${formatMs(slo)} ms ` +
          `and shrinks it when one does not. The export fixes the max batch at ${settled ?? max} (${where}) and sends ` +
          'at once, as AIMD never waits; it will not follow the model when its speed changes.',
      ],
    };
  },
  create: (c) =>
    new AimdBatchingPolicy({
      maxBatch: num(c, 'maxBatch'),
      sloMs: num(c, 'sloMs'),
      additiveStep: num(c, 'additiveStep'),
      backoffFactor: num(c, 'backoffFactor'),
      startBatch: num(c, 'startBatch'),
    }),
};
