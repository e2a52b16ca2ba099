/**
 * The few figures a sweep keeps per point, computed straight from the raw records of the
 * measured intervals: percentiles by sorting the latencies (a sweep makes thousands of points, and
 * the full summary with its histograms and stability windows costs more than the simulation).
 * Same definitions as summarize.ts: latency from the scheduled arrival to done, completed
 * requests only, throughput over the measured window.
 */
import type { BatchColumns, RequestColumns } from '../../shared/profileTypes';
import { inIntervals, type Interval } from '../../shared/measurementPlan';
import { nearestRank } from '../../shared/nearestRank';

export interface PointMetrics {
  offered: number;
  completed: number;
  throughputRps: number;
  p50Ms: number;
  p99Ms: number;
  /** Latency at the SLO's percentile; NaN when none was asked. */
  sloPercentileMs: number;
  meanBatch: number;
  utilization: number;
  servedFraction: number;
  /** Mean scheduled-arrival → compute-start wait, ms. */
  meanQueueMs: number;
}

export function pointMetrics(
  requests: RequestColumns,
  batches: BatchColumns,
  measured: readonly Interval[],
  instances: number,
  sloPercentile: number | null,
): PointMetrics {
  const n = requests.scheduledMs.length;
  const latencies = new Float64Array(n);
  let offered = 0;
  let completed = 0;
  let lastDone = 0;
  let queueSum = 0;
  const from = measured.length > 0 ? measured[0].fromMs : 0;
  for (let id = 0; id < n; id++) {
    const scheduled = requests.scheduledMs[id];
    if (!inIntervals(measured, scheduled)) continue;
    offered++;
    const b = requests.batch[id];
    const done = requests.doneMs[id];
    if (b < 0 || !Number.isFinite(done)) continue;
    latencies[completed++] = done - scheduled;
    queueSum += batches.computeStartMs[b] - scheduled;
    if (done > lastDone) lastDone = done;
  }
  const sorted = latencies.subarray(0, completed).sort();
  const measuredEnd = measured.length > 0 ? measured[measured.length - 1].toMs : lastDone;
  const windowMs = Math.max(measuredEnd, lastDone) - from;
  let busyMs = 0;
  let items = 0;
  let lastEnd = 0;
  for (let b = 0; b < batches.size.length; b++) {
    busyMs += batches.computeEndMs[b] - batches.computeStartMs[b];
    items += batches.size[b];
    if (batches.computeEndMs[b] > lastEnd) lastEnd = batches.computeEndMs[b];
  }
  const span = Math.max(lastEnd, measuredEnd);
  return {
    offered,
    completed,
    throughputRps: windowMs > 0 ? (completed * 1000) / windowMs : 0,
    p50Ms: completed > 0 ? nearestRank(sorted, 0.5) : NaN,
    p99Ms: completed > 0 ? nearestRank(sorted, 0.99) : NaN,
    sloPercentileMs: completed > 0 && sloPercentile !== null ? nearestRank(sorted, sloPercentile / 100) : NaN,
    meanBatch: batches.size.length > 0 ? items / batches.size.length : 0,
    utilization: span > 0 ? busyMs / (instances * span) : 0,
    servedFraction: offered > 0 ? completed / offered : 1,
    meanQueueMs: completed > 0 ? queueSum / completed : NaN,
  };
}
