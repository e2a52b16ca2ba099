import {
  BATCH_REJECTED,
  type BatchColumns,
  type LevelSummary,
  type RequestColumns,
  type StrategySummary,
} from '../../shared/profileTypes';
import { inIntervals, type Interval } from '../../shared/measurementPlan';
import { percentiles } from './percentiles';

/** What summarizeStrategy needs: the raw records plus figures measured beside them. */
export interface SummarizeInput {
  requests: RequestColumns;
  batches: BatchColumns;
  processCpuPercent: number;
  systemCpuPercent: number;
  sloMs: number | null;
  delayHonour: StrategySummary['delayHonour'];
  /**
   * Priority levels of the traffic (the length of settings.priorities), so a level nobody drew
   * still gets its row; default: as many as the priority column shows.
   */
  levels?: number;
  /**
   * The measured intervals (each strategy's warm-up left out, see measurementPlan.ts): only
   * requests scheduled inside them count, and only batches holding at least one of those. Omitted:
   * every request counts (profiles written before per-strategy warm-up).
   */
  measured?: readonly Interval[] | null;
}

/**
 * Derives a strategy's summary from its raw records, so every number traces back to them.
 *
 * - latency = done - scheduled arrival (no coordinated omission); queue = compute start of the
 *   request's batch - scheduled arrival; compute = compute end - compute start of that batch.
 *   Only completed requests (batch >= 0 and a finite done time) contribute.
 * - window = first scheduled arrival -> last completion; throughput = completed / window. With
 *   measured intervals, each interval counts from its start to its end or its last completion,
 *   whichever is later (an overloaded strategy drains past the end).
 * - batch size mean / max over batches; padding ratio = padded slots / real slots.
 * - rejected = requests turned away (batch -2); they are not "completed".
 * - goodput = requests done within the SLO / all offered requests: one that was rejected or
 *   never completed did not meet it, so shedding load cannot make goodput look better than it is.
 *   Null without an SLO.
 * - padFraction: see {@link padFractionOf}. levels: the same figures per priority level.
 */
export function summarizeStrategy(input: SummarizeInput): StrategySummary {
  const { requests: r } = input;
  const measured = input.measured && input.measured.length > 0 ? input.measured : null;
  const keep = measured ? measuredRequests(r.scheduledMs, measured) : null;
  const b = keep ? measuredBatches(input.batches, r.batch, keep) : input.batches;
  const n = keep ? keep.length : r.scheduledMs.length;
  const at = (k: number): number => (keep ? keep[k] : k);
  const latency = new Float64Array(n);
  const queue = new Float64Array(n);
  const compute = new Float64Array(n);
  const computeStart = input.batches.computeStartMs;
  const computeEnd = input.batches.computeEndMs;
  let completed = 0;
  let firstScheduled = Infinity;
  let lastDone = -Infinity;
  let withinSlo = 0;
  let rejected = 0;
  for (let k = 0; k < n; k++) {
    const i = at(k);
    if (r.scheduledMs[i] < firstScheduled) firstScheduled = r.scheduledMs[i];
    const batch = r.batch[i];
    const done = r.doneMs[i];
    if (batch === BATCH_REJECTED) rejected++;
    if (batch < 0 || !Number.isFinite(done)) continue;
    const l = done - r.scheduledMs[i];
    latency[completed] = l;
    queue[completed] = computeStart[batch] - r.scheduledMs[i];
    compute[completed] = computeEnd[batch] - computeStart[batch];
    completed++;
    if (done > lastDone) lastDone = done;
    if (input.sloMs !== null && l <= input.sloMs) withinSlo++;
  }
  const windowMs = measured
    ? measuredSpanMs(r, keep!, measured)
    : completed > 0
      ? lastDone - firstScheduled
      : 0;

  const nBatches = b.size.length;
  let sizeSum = 0;
  let sizeMax = 0;
  let paddedSum = 0;
  for (let i = 0; i < nBatches; i++) {
    sizeSum += b.size[i];
    paddedSum += b.paddedSize[i];
    if (b.size[i] > sizeMax) sizeMax = b.size[i];
  }

  const levelCount = r.priority ? Math.max(input.levels ?? 1, maxLevel(r.priority) + 1) : 1;
  return {
    requests: n,
    completed,
    rejected,
    batches: nBatches,
    durationS: windowMs / 1000,
    throughputRps: windowMs > 0 ? completed / (windowMs / 1000) : 0,
    latencyMs: percentiles(latency.subarray(0, completed)),
    queueMs: percentiles(queue.subarray(0, completed)),
    computeMs: percentiles(compute.subarray(0, completed)),
    batchSize: { mean: nBatches > 0 ? sizeSum / nBatches : 0, max: sizeMax },
    paddingRatio: sizeSum > 0 ? Math.max(0, paddedSum - sizeSum) / sizeSum : 0,
    padFraction: padFractionOf(b),
    ...(r.priority && levelCount > 1
      ? { levels: levelSummaries(keep ? subsetRequests(r, keep) : r, levelCount, input.sloMs) }
      : {}),
    cpuPercent: input.processCpuPercent,
    systemCpuPercent: input.systemCpuPercent,
    goodput: input.sloMs === null ? null : n > 0 ? withinSlo / n : 0,
    delayHonour: input.delayHonour,
  };
}

/**
 * Share (0..1) of all input elements computed over the run that were padding. Each batch counts
 * with the weight of its padded size (its slots). A batch's own share is what the worker measured
 * (symbolic dims padded to the widest member, empty slots filled with copies: batchAssembly counts
 * both), but never less than its share of empty slots: executors that measure nothing (null,
 * cost model) report 0, and empty slots are padding all the same.
 */
export function padFractionOf(b: Pick<BatchColumns, 'size' | 'paddedSize' | 'padFraction'>): number {
  let slots = 0;
  let padded = 0;
  for (let i = 0; i < b.size.length; i++) {
    const p = b.paddedSize[i];
    if (!(p > 0)) continue;
    const emptyShare = Math.max(0, p - b.size[i]) / p;
    const measured = b.padFraction[i];
    slots += p;
    padded += p * (measured > emptyShare ? measured : emptyShare);
  }
  return slots > 0 ? padded / slots : 0;
}

function maxLevel(priority: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < priority.length; i++) if (priority[i] > max) max = priority[i];
  return max;
}

/** Requests, completions, rejections, latency and goodput of each priority level (0 first). */
function levelSummaries(r: RequestColumns, levelCount: number, sloMs: number | null): LevelSummary[] {
  const priority = r.priority!;
  const n = r.scheduledMs.length;
  const offered = new Int32Array(levelCount);
  const completed = new Int32Array(levelCount);
  const rejected = new Int32Array(levelCount);
  const withinSlo = new Int32Array(levelCount);
  const isDone = (i: number): boolean => r.batch[i] >= 0 && Number.isFinite(r.doneMs[i]);
  for (let i = 0; i < n; i++) {
    const level = priority[i];
    offered[level]++;
    if (r.batch[i] === BATCH_REJECTED) rejected[level]++;
    else if (isDone(i)) completed[level]++;
  }
  const latency = Array.from({ length: levelCount }, (_, level) => new Float64Array(completed[level]));
  const filled = new Int32Array(levelCount);
  for (let i = 0; i < n; i++) {
    if (!isDone(i)) continue;
    const level = priority[i];
    const l = r.doneMs[i] - r.scheduledMs[i];
    latency[level][filled[level]++] = l;
    if (sloMs !== null && l <= sloMs) withinSlo[level]++;
  }
  return latency.map((values, level) => ({
    level,
    requests: offered[level],
    completed: completed[level],
    rejected: rejected[level],
    latencyMs: percentiles(values),
    goodput: sloMs === null ? null : offered[level] > 0 ? withinSlo[level] / offered[level] : 0,
  }));
}

/** Ids of the requests scheduled inside the measured intervals, ascending. */
function measuredRequests(scheduledMs: Float64Array, measured: readonly Interval[]): Int32Array {
  const ids = new Int32Array(scheduledMs.length);
  let n = 0;
  for (let i = 0; i < scheduledMs.length; i++) if (inIntervals(measured, scheduledMs[i])) ids[n++] = i;
  return ids.subarray(0, n);
}

/** The batches that hold at least one measured request (a batch at a warm-up's end may mix both). */
function measuredBatches(
  b: BatchColumns,
  requestBatch: Int32Array,
  keep: Int32Array,
): Pick<BatchColumns, 'size' | 'paddedSize' | 'padFraction'> {
  const marked = new Uint8Array(b.size.length);
  for (let k = 0; k < keep.length; k++) {
    const batch = requestBatch[keep[k]];
    if (batch >= 0) marked[batch] = 1;
  }
  let count = 0;
  for (let i = 0; i < marked.length; i++) count += marked[i];
  const size = new Int32Array(count);
  const paddedSize = new Int32Array(count);
  const padFraction = new Float32Array(count);
  for (let i = 0, j = 0; i < marked.length; i++) {
    if (!marked[i]) continue;
    size[j] = b.size[i];
    paddedSize[j] = b.paddedSize[i];
    padFraction[j++] = b.padFraction[i];
  }
  return { size, paddedSize, padFraction };
}

/** Σ over intervals of (its end, or its last completion if later) − its start, ms. */
function measuredSpanMs(r: RequestColumns, keep: Int32Array, measured: readonly Interval[]): number {
  const lastDone = measured.map((iv) => iv.toMs);
  let j = 0;
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k];
    const t = r.scheduledMs[i];
    while (j < measured.length - 1 && t >= measured[j].toMs) j++;
    const done = r.doneMs[i];
    if (r.batch[i] >= 0 && done > lastDone[j]) lastDone[j] = done;
  }
  let span = 0;
  for (let j2 = 0; j2 < measured.length; j2++) span += Math.max(0, lastDone[j2] - measured[j2].fromMs);
  return span;
}

/** The columns of the requests at `keep` (for per-level figures of the measured requests). */
function subsetRequests(r: RequestColumns, keep: Int32Array): RequestColumns {
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(col: T): T => {
    const out = new (col.constructor as new (n: number) => T)(keep.length);
    for (let k = 0; k < keep.length; k++) out[k] = col[keep[k]];
    return out;
  };
  return {
    scheduledMs: pick(r.scheduledMs),
    enqueueMs: pick(r.enqueueMs),
    doneMs: pick(r.doneMs),
    batch: pick(r.batch),
    ...(r.priority ? { priority: pick(r.priority) } : {}),
  };
}
