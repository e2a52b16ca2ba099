/**
 * Warm-up and calibration: the model alone, one batch at a time on one instance, before any
 * strategy runs (so neither leaks into the strategies' results). Compute times come from the
 * worker's own clock stamps, so the hand-off is not counted as model latency.
 */
import type { ArrivalSpec, CalibrationPoint, LightLoadCalibration } from '../../shared/profileTypes';
import { MAX_KEPT_SAMPLES } from '../../shared/profileTypes';
import { nearestRank } from '../../shared/nearestRank';
import { monotonicMs } from './clock';
import type { Executor } from './executor';

/**
 * Runs one batch of request ids 0..count-1 on each of `instances` at once; resolves with their
 * compute times (ms, by instance). Nothing else may be running on the executor.
 */
export async function runBatchOnEach(
  executor: Executor,
  instances: number[],
  ids: Int32Array,
  count: number,
): Promise<number[]> {
  const computeMs: number[] = new Array<number>(executor.instances).fill(NaN);
  for (const i of instances) executor.submit(i, ids, count, count);
  let pending = instances.length;
  for (;;) {
    const stamp = executor.completionStamp();
    pending -= executor.poll((i, start, end) => {
      computeMs[i] = end - start;
    });
    const failure = executor.failure();
    if (failure) throw failure;
    if (pending === 0) return instances.map((i) => computeMs[i]);
    await executor.waitForCompletion(stamp, 50);
  }
}

/** Batch sizes to calibrate: 1, 2, 4, … below max, and max itself. */
export function calibrationSizes(maxBatch: number): number[] {
  const sizes: number[] = [];
  for (let b = 1; b < maxBatch; b *= 2) sizes.push(b);
  sizes.push(maxBatch);
  return sizes;
}

/** Request ids 0..n−1: a batch of different requests, each with its own drawn input length. */
export function idsUpTo(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/**
 * A compute time rounded to 0.1 µs: the clock is no finer (clock.ts), and kept samples written
 * with 17 digits would make up most of a short run's profile.
 */
export function roundTime(ms: number): number {
  return Math.round(ms * 1e4) / 1e4;
}

/** Which request ids make a batch of a given size (a calibration's input length). */
export type BatchIds = (size: number) => Int32Array;

/** A batch of `size` copies of one request: every member has that request's input length. */
export function repeatedIds(requestId: number): BatchIds {
  return (size) => new Int32Array(size).fill(requestId);
}

/**
 * At most `cap` of ascending `sorted`, at evenly spaced ranks (the smallest and the largest
 * always among them), so the kept values keep the distribution's shape. A copy either way.
 */
export function thinSorted(sorted: readonly number[], cap: number): number[] {
  if (sorted.length <= cap) return sorted.slice();
  if (cap <= 1) return cap === 1 ? [sorted[Math.floor((sorted.length - 1) / 2)]] : [];
  return Array.from({ length: cap }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (cap - 1))]);
}

/**
 * Warms every instance up (ORT allocates and tunes on the first runs of each shape): each
 * calibration size at least twice on every instance, then more until `minMs` has passed.
 */
export async function warmUp(
  executor: Executor,
  sizes: number[],
  minMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const start = monotonicMs();
  for (let round = 0; round < 2 || monotonicMs() - start < minMs; round++) {
    for (const size of sizes) {
      if (signal?.aborted) return;
      const all = Array.from({ length: executor.instances }, (_, i) => i);
      await runBatchOnEach(executor, all, idsUpTo(size), size);
    }
  }
}

/** How many runs time one batch shape, and for how long (calibrate, calibrateGrid). */
export interface RunBudget {
  /** At least this many timed runs (default 7 per size, 3 per grid cell). */
  minRuns?: number;
  /** At most this many (default 200 per size, 20 per grid cell). */
  maxRuns?: number;
  /** Runs beyond minRuns only until this much wall time has passed, ms (default 150 per size, 25 per cell). */
  budgetMs?: number;
}

/**
 * Times one batch shape on instance 0, after one untimed run (the first run of a new shape pays
 * ORT's allocations for it): at least `minRuns`, more until `budgetMs` has passed (at most
 * `maxRuns`). Ascending compute times; empty when aborted before any run.
 */
export async function timeBatch(
  executor: Executor,
  ids: Int32Array,
  size: number,
  budget: Required<RunBudget>,
  signal?: AbortSignal,
): Promise<number[]> {
  if (signal?.aborted) return [];
  await runBatchOnEach(executor, [0], ids, size);
  const times: number[] = [];
  const start = monotonicMs();
  while (
    times.length < budget.minRuns ||
    (times.length < budget.maxRuns && monotonicMs() - start < budget.budgetMs)
  ) {
    if (signal?.aborted) break;
    const ms = (await runBatchOnEach(executor, [0], ids, size))[0];
    if (Number.isFinite(ms)) times.push(roundTime(ms));
  }
  return times.sort((a, b) => a - b);
}

/**
 * Times each batch size on instance 0: at least `minRuns` runs, more until `budgetMsPerSize`
 * is spent (at most `maxRuns`). Median and p90 of the compute times; throughput = size / median;
 * the times themselves in samplesMs (thinned to MAX_KEPT_SAMPLES). `ids` says which requests make
 * each batch: runProfile passes one request repeated, so every size is timed at one input length.
 */
export async function calibrate(
  executor: Executor,
  sizes: number[],
  opts: {
    minRuns?: number;
    maxRuns?: number;
    budgetMsPerSize?: number;
    signal?: AbortSignal;
    /** The run's traffic: batch 1 is also timed at its pace (CalibrationPoint.lightLoad). */
    pace?: RunPace;
    /** The requests of a batch of each size; default 0..size−1 (mixed lengths). */
    ids?: BatchIds;
  } = {},
): Promise<CalibrationPoint[]> {
  const budget = {
    minRuns: opts.minRuns ?? 7,
    maxRuns: opts.maxRuns ?? 200,
    budgetMs: opts.budgetMsPerSize ?? 150,
  };
  const idsFor = opts.ids ?? idsUpTo;
  const points: CalibrationPoint[] = [];
  for (const size of sizes) {
    const times = await timeBatch(executor, idsFor(size), size, budget, opts.signal);
    if (times.length === 0) break;
    const median = nearestRank(times, 0.5);
    points.push({
      batchSize: size,
      latencyMs: median,
      p90Ms: nearestRank(times, 0.9),
      throughput: (size * 1000) / median,
      samples: times.length,
      samplesMs: thinSorted(times, MAX_KEPT_SAMPLES),
    });
  }
  const single = points.find((p) => p.batchSize === 1);
  const gapMs = single && opts.pace ? lightLoadGapMs(opts.pace, points) : null;
  if (single && gapMs !== null) {
    const lightLoad = await calibrateLightLoad(executor, gapMs, { signal: opts.signal, ids: idsFor(1) });
    if (lightLoad) single.lightLoad = lightLoad;
  }
  return points;
}

/** What the light-load point needs to know of the run's traffic (RunSettings has it). */
export interface RunPace {
  arrival: ArrivalSpec;
  /** Null: derived from calibration (deriveRate), as the run will. */
  rateRps: number | null;
  instances: number;
}

/**
 * Shortest idle gap worth a light-load point, ms: below it the instance is hardly ever idle, and
 * Node's timers cannot make the gap anyway.
 */
export const LIGHT_LOAD_MIN_GAP_MS = 1;
/**
 * Longest idle gap the light-load point waits, ms: beyond ~50 ms a model is as cold as it gets
 * (caches long evicted, cores long idle), and the calibration should stay short.
 */
export const LIGHT_LOAD_MAX_GAP_MS = 50;

/**
 * The run's mean gap between arrivals, ms, capped at LIGHT_LOAD_MAX_GAP_MS; null when the
 * traffic has no rate (closed loop, trace) or arrives faster than LIGHT_LOAD_MIN_GAP_MS.
 */
export function lightLoadGapMs(pace: RunPace, points: CalibrationPoint[]): number | null {
  const a = pace.arrival;
  let rate: number | null;
  if (a.kind === 'closed' || a.kind === 'trace') rate = null;
  else if (a.kind === 'ramp') rate = (a.fromRps + a.toRps) / 2;
  else if (pace.rateRps !== null) rate = pace.rateRps;
  else rate = points.length > 0 ? deriveRate(points, pace.instances) : null;
  if (rate === null || !(rate > 0)) return null;
  const gap = 1000 / rate;
  if (gap < LIGHT_LOAD_MIN_GAP_MS) return null;
  return Math.min(gap, LIGHT_LOAD_MAX_GAP_MS);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs batch 1 on instance 0 after an idle gap of `gapMs` each time (a timer: the scheduler
 * thread sleeps and the worker parks, as between requests at light load): at least `minRuns`
 * runs, more until `budgetMs` has passed (at most `maxRuns`). Null when aborted before any run.
 */
export async function calibrateLightLoad(
  executor: Executor,
  gapMs: number,
  opts: {
    minRuns?: number;
    maxRuns?: number;
    budgetMs?: number;
    signal?: AbortSignal;
    ids?: Int32Array;
  } = {},
): Promise<LightLoadCalibration | null> {
  const minRuns = opts.minRuns ?? 7;
  const maxRuns = opts.maxRuns ?? 50;
  const budget = opts.budgetMs ?? 400;
  const ids = opts.ids ?? idsUpTo(1);
  const compute: number[] = [];
  const wakeUp: number[] = [];
  let idle = 0;
  const start = monotonicMs();
  while (compute.length < minRuns || (compute.length < maxRuns && monotonicMs() - start < budget)) {
    if (opts.signal?.aborted) break;
    const idleFrom = monotonicMs();
    await sleep(gapMs);
    const submitted = monotonicMs();
    idle += submitted - idleFrom;
    executor.submit(0, ids, 1, 1);
    for (;;) {
      const stamp = executor.completionStamp();
      let done = false;
      executor.poll((_i, computeStart, computeEnd) => {
        compute.push(computeEnd - computeStart);
        wakeUp.push(computeStart - submitted);
        done = true;
      });
      const failure = executor.failure();
      if (failure) throw failure;
      if (done) break;
      await executor.waitForCompletion(stamp, 50);
    }
  }
  if (compute.length === 0) return null;
  const samples = compute.length;
  compute.sort((a, b) => a - b);
  wakeUp.sort((a, b) => a - b);
  return {
    gapMs: idle / samples,
    latencyMs: nearestRank(compute, 0.5),
    p90Ms: nearestRank(compute, 0.9),
    wakeUpMs: nearestRank(wakeUp, 0.5),
    samples,
  };
}

/**
 * The rate used when the user gave none: {@link DERIVED_RATE_RULE}. 60% keeps batching busy
 * enough to matter and below saturation; rounding to two significant figures makes two runs of
 * one model usually offer the same rate despite calibration noise (and reads as chosen, not
 * measured). Re-runs reuse the recorded rate, not this rule.
 */
export function deriveRate(points: CalibrationPoint[], instances: number): number {
  const best = points[points.length - 1];
  return roundToSignificant(Math.max(1, 0.6 * best.throughput * instances), 2);
}

/** x rounded to `digits` significant figures (at least 1): 14,701 → 15,000; 272 → 270; 47.4 → 47. */
export function roundToSignificant(x: number, digits: number): number {
  if (!(x > 0)) return 1;
  const scale = 10 ** (Math.floor(Math.log10(x)) - digits + 1);
  return Math.max(1, Math.round(x / scale) * scale);
}

/**
 * What the strategy `none` can serve: one request per run, each instance at the batch-1 time.
 * Null without a batch-1 point.
 */
export function unbatchedCapacityRps(points: CalibrationPoint[], instances: number): number | null {
  const one = points.find((p) => p.batchSize === 1);
  return one && one.throughput > 0 ? one.throughput * instances : null;
}

/**
 * The warning for a derived rate `none` cannot carry (more than 90% of its capacity: its queue
 * grows through the run), or null. Says by how much, and the fix.
 */
export function unbatchedOverloadWarning(
  rateRps: number,
  points: CalibrationPoint[],
  instances: number,
): string | null {
  const capacity = unbatchedCapacityRps(points, instances);
  if (capacity === null || rateRps <= 0.9 * capacity) return null;
  const factor = rateRps / capacity;
  return (
    `The derived rate ${rateRps.toLocaleString('en-US')} requests/s overloads "none": it serves about ` +
    `${Math.round(capacity).toLocaleString('en-US')} requests/s (batch 1 on ${instances} instance${instances === 1 ? '' : 's'}), ` +
    `so the offered load is ${factor.toFixed(factor < 10 ? 1 : 0)}× what it serves: its queue grows and its latency says little. To compare at a load "none" carries, set the rate to at most ` +
    `${roundToSignificant(0.8 * capacity, 2).toLocaleString('en-US')} requests/s.`
  );
}
