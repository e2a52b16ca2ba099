/**
 * The one place for run defaults and limits: the CLI, the panel form, the host's settings and
 * the generated settings schema all read these, so a run started anywhere means the same thing.
 */
import { MAX_BATCH_LIMIT, MAX_DELAY_LIMIT_MS } from './strategies/commonParams';

/** Defaults of a run's settings. */
export const RUN_DEFAULTS = {
  /** Strategy specs run when none are chosen. */
  strategies: ['none', 'static', 'dynamic'] as readonly string[],
  arrival: 'poisson',
  /** Measured seconds per strategy. */
  durationS: 5,
  /** Model warm-up before calibration, s. */
  warmupS: 1,
  /**
   * Each strategy's own warm-up on its traffic before it is measured, s. The first few hundred ms
   * after a strategy starts (or another one ran) are slower; 0.5 s covers that on the samples.
   */
  strategyWarmupS: 0.5,
  /** Strategy order: fixed (as listed), reversed, or interleaved slices. */
  order: 'fixed',
  /** Measured length of one interleaved slice, s. */
  sliceS: 1,
  /** Until-stable measures up to this many times the duration. */
  untilStableFactor: 4,
  /** Run-wide default of every strategy's max batch (`--max-batch`). */
  maxBatch: 8,
  /** Run-wide default of every strategy's max queue delay (`--max-delay-ms`). */
  maxDelayMs: 2,
  instances: 1,
  threads: 1,
  seed: 42,
  /** Clients of a closed loop. */
  concurrency: 16,
  profilesFolder: '.batchscope/profiles',
} as const;

/** Upper bounds that keep a run sane; generous on purpose — they catch typos, not choices. */
/**
 * How the offered rate is chosen when none is given (engine/runtime/calibration.ts deriveRate),
 * in the words the CLI, the panel and the docs use.
 */
export const DERIVED_RATE_RULE =
  '60% of what the instances serve at the largest calibrated batch, rounded to 2 significant figures';

export const RUN_LIMITS = {
  maxStrategies: 8,
  maxBatch: MAX_BATCH_LIMIT,
  maxDelayMs: MAX_DELAY_LIMIT_MS,
  maxRateRps: 1_000_000,
  maxDurationS: 86_400,
  maxWarmupS: 3600,
  maxWindowS: 3600,
  maxInstances: 64,
  maxThreads: 256,
  maxConcurrency: 100_000,
  maxDim: 1_000_000,
  maxSloMs: 600_000,
  maxSeed: 2 ** 32 - 1,
  maxPriorityLevels: 8,
  /** Symbolic dims and fixed inputs one message may carry (a model has a handful). */
  maxDims: 256,
  maxInputs: 256,
} as const;

/**
 * Checks a priority mix (shares of traffic per level, level 0 the highest) and returns it
 * normalised to sum to 1, or a message for people.
 */
export function normalisePriorities(shares: readonly number[]): number[] | string {
  if (shares.length < 2 || shares.length > RUN_LIMITS.maxPriorityLevels)
    return `give from 2 to ${RUN_LIMITS.maxPriorityLevels} shares, one per priority level (highest first), e.g. 0.2,0.8`;
  if (!shares.every((s) => Number.isFinite(s) && s > 0))
    return 'every share must be a number greater than 0, e.g. 0.2,0.8';
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.map((s) => s / total);
}
