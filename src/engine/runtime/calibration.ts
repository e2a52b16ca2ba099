/**
 * Warm-up and calibration: the model alone, one batch at a time on one instance, before any
 * strategy runs (so neither leaks into the strategies' results). Compute times come from the
 * worker's own clock stamps, so the hand-off is not counted as model latency.
 */
import type { CalibrationPoint } from '../../shared/profileTypes';
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

function idsUpTo(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
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

/**
 * Times each batch size on instance 0: at least `minRuns` runs, more until `budgetMsPerSize`
 * is spent (at most `maxRuns`). Median and p90 of the compute times; throughput = size / median.
 */
export async function calibrate(
  executor: Executor,
  sizes: number[],
  opts: { minRuns?: number; maxRuns?: number; budgetMsPerSize?: number; signal?: AbortSignal } = {},
): Promise<CalibrationPoint[]> {
  const minRuns = opts.minRuns ?? 7;
  const maxRuns = opts.maxRuns ?? 200;
  const budget = opts.budgetMsPerSize ?? 150;
  const points: CalibrationPoint[] = [];
  for (const size of sizes) {
    const ids = idsUpTo(size);
    const times: number[] = [];
    const start = monotonicMs();
    while (times.length < minRuns || (times.length < maxRuns && monotonicMs() - start < budget)) {
      if (opts.signal?.aborted) break;
      times.push((await runBatchOnEach(executor, [0], ids, size))[0]);
    }
    if (times.length === 0) break;
    times.sort((a, b) => a - b);
    const median = nearestRank(times, 0.5);
    points.push({
      batchSize: size,
      latencyMs: median,
      p90Ms: nearestRank(times, 0.9),
      throughput: (size * 1000) / median,
      samples: times.length,
    });
  }
  return points;
}

/**
 * The rate used when the user gave none: 60% of what the instances can do at the largest
 * calibrated batch — busy enough for batching to matter, below saturation.
 */
export function deriveRate(points: CalibrationPoint[], instances: number): number {
  const best = points[points.length - 1];
  return Math.max(1, Math.round(0.6 * best.throughput * instances));
}
