/**
 * How instances share the machine: k instances computing batches at once, each handed its next
 * batch as soon as its last one finished (as under load), against the same batch on one instance
 * alone. The instances' threads compete for cores, memory bandwidth and caches, so the factor is
 * what a simulator multiplies a batch's latency by when k batches run together.
 */
import type { ConcurrencyPoint } from '../../shared/profileTypes';
import { nearestRank } from '../../shared/nearestRank';
import { calibrationSizes, idsUpTo, roundTime, type BatchIds } from './calibration';
import { monotonicMs } from './clock';
import type { Executor } from './executor';

/** Batches per instance and time per (k, batch size) point. See docs/measurement.md. */
export interface ConcurrencyBudget {
  /** Timed batches each instance runs at least (after one untimed); default 5. */
  minBatches: number;
  /** At most, each; default 100. */
  maxBatches: number;
  /** More than minBatches only until this much wall time has passed, ms; default 60. */
  budgetMs: number;
}

export const CONCURRENCY_BUDGET: ConcurrencyBudget = { minBatches: 5, maxBatches: 100, budgetMs: 60 };

/** Instance counts to measure: 1, 2, 4, … below the executor's instances, and all of them. */
export function concurrencyCounts(instances: number): number[] {
  return instances > 1 ? calibrationSizes(instances) : [];
}

/**
 * Keeps instances 0..k−1 busy with batches of `ids` back to back; resolves with the ascending
 * compute times of the timed batches, all instances together. The first batch of each instance
 * is untimed, and so is every batch that finishes once the stop was decided (the others may be
 * done by then, so it ran partly alone). Nothing else may be running on the executor.
 */
async function keepBusy(
  executor: Executor,
  k: number,
  ids: Int32Array,
  size: number,
  budget: ConcurrencyBudget,
  signal?: AbortSignal,
): Promise<number[]> {
  const finishedBatches = new Int32Array(k);
  const times: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < k; i++) executor.submit(i, ids, size, size);
  let running = k;
  let stopping = false;
  const start = monotonicMs();
  for (;;) {
    const stamp = executor.completionStamp();
    idle.length = 0;
    executor.poll((i, computeStart, computeEnd) => {
      running--;
      idle.push(i);
      if (!stopping && finishedBatches[i]++ > 0 && Number.isFinite(computeEnd - computeStart))
        times.push(roundTime(computeEnd - computeStart));
    });
    const failure = executor.failure();
    if (failure) throw failure;
    if (!stopping) {
      const fewest = Math.min(...finishedBatches) - 1;
      const elapsed = monotonicMs() - start;
      stopping =
        signal?.aborted === true ||
        fewest >= budget.maxBatches ||
        (fewest >= budget.minBatches && elapsed >= budget.budgetMs);
    }
    if (!stopping) {
      for (const i of idle) executor.submit(i, ids, size, size);
      running += idle.length;
    } else if (running === 0) return times.sort((a, b) => a - b);
    if (stopping || idle.length === 0) await executor.waitForCompletion(stamp, 50);
  }
}

/**
 * Concurrency points for each batch size at each count of {@link concurrencyCounts} (none with
 * one instance), in that order. `factor` is relative to the same size's k = 1 point. Stops at an
 * abort with the points done so far.
 */
export async function calibrateConcurrency(
  executor: Executor,
  batchSizes: readonly number[],
  opts: { ids?: BatchIds; budget?: Partial<ConcurrencyBudget>; signal?: AbortSignal } = {},
): Promise<ConcurrencyPoint[]> {
  const budget = { ...CONCURRENCY_BUDGET, ...opts.budget };
  const idsFor = opts.ids ?? idsUpTo;
  const points: ConcurrencyPoint[] = [];
  for (const size of batchSizes) {
    let alone = NaN;
    for (const k of concurrencyCounts(executor.instances)) {
      if (opts.signal?.aborted) return points;
      const times = await keepBusy(executor, k, idsFor(size), size, budget, opts.signal);
      if (times.length === 0) return points;
      const latencyMs = nearestRank(times, 0.5);
      if (k === 1) alone = latencyMs;
      points.push({
        instances: k,
        batchSize: size,
        latencyMs,
        p90Ms: nearestRank(times, 0.9),
        factor: alone > 0 ? latencyMs / alone : 1,
        samples: times.length,
      });
    }
  }
  return points;
}
