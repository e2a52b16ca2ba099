import type { BatchColumns, RequestColumns, StrategySummary } from '../../shared/profileTypes';
import { percentiles } from './percentiles';

/** What summarizeStrategy needs: the raw records plus figures measured beside them. */
export interface SummarizeInput {
  requests: RequestColumns;
  batches: BatchColumns;
  processCpuPercent: number;
  systemCpuPercent: number;
  sloMs: number | null;
  delayHonour: StrategySummary['delayHonour'];
}

/**
 * Derives a strategy's summary from its raw records, so every number traces back to them.
 *
 * - latency = done - scheduled arrival (no coordinated omission); queue = compute start of the
 *   request's batch - scheduled arrival; compute = compute end - compute start of that batch.
 *   Only completed requests (batch >= 0 and a finite done time) contribute.
 * - window = first scheduled arrival -> last completion; throughput = completed / window.
 * - batch size mean / max over batches; padding ratio = padded slots / real slots.
 * - goodput = requests done within the SLO / all scheduled requests (one that never completed
 *   did not meet it), or null without an SLO.
 */
export function summarizeStrategy(input: SummarizeInput): StrategySummary {
  const { requests: r, batches: b } = input;
  const n = r.scheduledMs.length;
  const latency = new Float64Array(n);
  const queue = new Float64Array(n);
  const compute = new Float64Array(n);
  let completed = 0;
  let firstScheduled = Infinity;
  let lastDone = -Infinity;
  let withinSlo = 0;
  for (let i = 0; i < n; i++) {
    if (r.scheduledMs[i] < firstScheduled) firstScheduled = r.scheduledMs[i];
    const batch = r.batch[i];
    const done = r.doneMs[i];
    if (batch < 0 || !Number.isFinite(done)) continue;
    const l = done - r.scheduledMs[i];
    latency[completed] = l;
    queue[completed] = b.computeStartMs[batch] - r.scheduledMs[i];
    compute[completed] = b.computeEndMs[batch] - b.computeStartMs[batch];
    completed++;
    if (done > lastDone) lastDone = done;
    if (input.sloMs !== null && l <= input.sloMs) withinSlo++;
  }
  const windowMs = completed > 0 ? lastDone - firstScheduled : 0;

  const nBatches = b.size.length;
  let sizeSum = 0;
  let sizeMax = 0;
  let paddedSum = 0;
  for (let i = 0; i < nBatches; i++) {
    sizeSum += b.size[i];
    paddedSum += b.paddedSize[i];
    if (b.size[i] > sizeMax) sizeMax = b.size[i];
  }

  return {
    requests: n,
    completed,
    batches: nBatches,
    durationS: windowMs / 1000,
    throughputRps: windowMs > 0 ? completed / (windowMs / 1000) : 0,
    latencyMs: percentiles(latency.subarray(0, completed)),
    queueMs: percentiles(queue.subarray(0, completed)),
    computeMs: percentiles(compute.subarray(0, completed)),
    batchSize: { mean: nBatches > 0 ? sizeSum / nBatches : 0, max: sizeMax },
    paddingRatio: sizeSum > 0 ? Math.max(0, paddedSum - sizeSum) / sizeSum : 0,
    cpuPercent: input.processCpuPercent,
    systemCpuPercent: input.systemCpuPercent,
    goodput: input.sloMs === null ? null : n > 0 ? withinSlo / n : 0,
    delayHonour: input.delayHonour,
  };
}
