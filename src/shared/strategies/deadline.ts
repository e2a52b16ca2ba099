import { nearestRank } from '../nearestRank';
import type { CalibrationPoint } from '../profileTypes';
import { maxBatchParam, sloParam } from './commonParams';
import type {
  BatchOutcome,
  BatchingPolicy,
  PolicyDecision,
  PolicyState,
  QueueView,
  SchedulerState,
} from './policy';
import { formatMs, num, type StrategyDescriptor } from './strategyDescriptor';

/** Default percentile of recent compute times a batch size is budgeted at (Clockwork uses the 99th). */
export const DEFAULT_ESTIMATE_PERCENTILE = 99;
/**
 * Measured compute times kept per batch size. Clockwork keeps the last 10; a few more give the
 * percentile parameter some resolution (with 10 samples, p90..p100 are all the maximum).
 */
export const ESTIMATE_WINDOW = 32;
/**
 * Measurements older than this (ms of run time) are forgotten. A size whose estimate was inflated
 * by one stall (a preempted CPU, a GC) would otherwise never be dispatched again, so never
 * re-measured, and, as estimates never decrease with the size, would cap every larger batch for
 * the rest of the run. Forgotten sizes fall back to calibration and their neighbours. A quarter
 * of a second bounds how long one outlier keeps the policy conservative.
 */
export const ESTIMATE_MAX_AGE_MS = 250;

/** Assumed cost of a batch of one when nothing has been calibrated or measured yet, ms. */
const UNKNOWN_B1_MS = 1;

/** Knobs of the deadline-aware batcher. */
export interface DeadlineBatchingOptions {
  /** Largest batch ever dispatched. */
  maxBatch: number;
  /** Latency objective: a request's deadline is its scheduled arrival + this, ms. */
  sloMs: number;
  /** Percentile (50..100) of a size's recent compute times used as its latency estimate. */
  percentile?: number;
  /** The model's measured latency per batch size, seeding the estimates before any batch ran. */
  calibration?: readonly CalibrationPoint[];
}

/**
 * `deadline`: Clockwork's SLO-aware batching (Gujarati et al., OSDI 2020).
 *
 * Every request has a deadline, its scheduled arrival + `sloMs`. Each batch size has a latency
 * estimate: a high percentile of its recent measured compute times, seeded from calibration and
 * interpolated for sizes never seen. When an instance is free it takes the largest batch n such
 * that n queued requests can all finish by their deadlines if started now:
 * - requests at the head of the queue that would finish late in that batch are shed first. That
 *   includes every request that would miss even alone, but also, as in Clockwork's scheduler (it
 *   drops, per batch size, the requests a batch of that size would make late, then runs the largest
 *   size that still has enough requests), nearly-expired requests whose tight deadline would
 *   otherwise cap the batch. Keeping batches large under overload keeps throughput at capacity;
 *   capping them at the oldest request's slack instead collapses to batches of one or two, and
 *   goodput with it. Shedding also bounds the queue, and so every later request's wait;
 * - the n requests are dispatched at once. Like Clockwork it never holds an idle instance back to
 *   fill a bigger batch: under load the queue refills while the instance works.
 *
 * Estimates are kept non-decreasing in the batch size, so a stale or noisy point cannot make a
 * larger batch look faster than a smaller one.
 */
export class DeadlineBatchingPolicy implements BatchingPolicy {
  readonly name = 'deadline';
  readonly maxBatch: number;
  readonly sloMs: number;
  readonly percentile: number;
  /** Seed estimate per calibrated size, ms. */
  private readonly seeds = new Map<number, number>();
  /** Recent compute times per measured size, with when they were measured (oldest first, at most ESTIMATE_WINDOW). */
  private readonly windows = new Map<number, Array<{ ms: number; atMs: number }>>();
  /** Calibrated median latency of a batch of one, ms, when calibrated. */
  private readonly medianSeed: number | null = null;
  /** Queue positions a plan skips as late (see plan), reused across decisions. */
  private late = new Int32Array(64);
  /** When the oldest measurement expires (policy time, ms). */
  private nextExpiry = Infinity;
  /** The percentile of each window, ms. */
  private readonly measured = new Map<number, number>();
  /** est(n) at index n (1..maxBatch), rebuilt lazily after an outcome. */
  private table: Float64Array | null = null;

  /** Options are checked by the registry. */
  constructor(options: DeadlineBatchingOptions) {
    this.maxBatch = options.maxBatch;
    this.sloMs = options.sloMs;
    this.percentile = options.percentile ?? DEFAULT_ESTIMATE_PERCENTILE;
    const single = options.calibration?.find((p) => p.batchSize === 1);
    if (single && single.latencyMs > 0 && Number.isFinite(single.latencyMs))
      this.medianSeed = single.latencyMs;
    for (const point of options.calibration ?? []) {
      // p90 is the highest percentile calibration records; the median when p90 is missing.
      const ms = point.p90Ms > 0 && Number.isFinite(point.p90Ms) ? point.p90Ms : point.latencyMs;
      if (point.batchSize >= 1 && ms > 0 && Number.isFinite(ms)) this.seeds.set(point.batchSize, ms);
    }
  }

  decide(queue: QueueView, state: SchedulerState): PolicyDecision {
    const queued = queue.length;
    if (queued === 0) return { kind: 'wait' };
    const now = state.now;
    this.expire(now);
    const deadline = (i: number): number => queue.scheduledAt(i) + this.sloMs;
    // Feasibility of n only shrinks as n grows (estimates never decrease with the batch size, so
    // fewer requests can still make a later finish): binary-search the largest feasible n.
    let lo = 0;
    let hi = Math.min(queued, this.maxBatch);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.plan(queue, deadline, now + this.estimateMs(mid), mid) >= 0) lo = mid;
      else hi = mid - 1;
    }
    if (lo === 0) {
      // At the budgeted percentile not even a batch of one makes it. Shed only the requests that
      // would miss at the typical (median) latency of a batch of one, and run the next one alone:
      // a single slow outlier in the window must not shed everything — nothing would then run,
      // and nothing would ever re-measure the estimate back down.
      const done = now + this.typicalSingleMs();
      const hopeless: number[] = [];
      for (let i = 0; i < queued; i++) if (deadline(i) < done) hopeless.push(i);
      if (hopeless.length === queued) return { kind: 'shed', count: queued };
      if (hopeless.length === 0) return { kind: 'dispatch', count: 1 };
      return hopeless[hopeless.length - 1] === hopeless.length - 1
        ? { kind: 'shed', count: hopeless.length }
        : { kind: 'shed', count: hopeless.length, select: hopeless };
    }
    const late = this.plan(queue, deadline, now + this.estimateMs(lo), lo);
    if (late === 0) return { kind: 'dispatch', count: lo };
    // With one priority level the late requests are the head of the queue; across levels an
    // older request of a lower level can sit behind younger ones, hence positions.
    return this.late[late - 1] === late - 1
      ? { kind: 'shed', count: late }
      : { kind: 'shed', count: late, select: Array.from(this.late.subarray(0, late)) };
  }

  /**
   * Whether n requests, taken in queue order and skipping those that would finish late (after
   * `done`), all meet their deadline: how many positions were skipped before the n-th on time
   * (written to `this.late`, to shed first, as Clockwork drops the requests a batch of that size
   * would make late), or -1 when fewer than n requests can make it. Runs several times per
   * decision, so it reuses one buffer rather than allocating.
   */
  private plan(queue: QueueView, deadline: (i: number) => number, done: number, n: number): number {
    let late = 0;
    let onTime = 0;
    for (let i = 0; i < queue.length && onTime < n; i++) {
      if (deadline(i) >= done) onTime++;
      else {
        if (late === this.late.length) {
          const grown = new Int32Array(this.late.length * 2);
          grown.set(this.late);
          this.late = grown;
        }
        this.late[late++] = i;
      }
    }
    return onTime === n ? late : -1;
  }

  /**
   * What a batch of one typically costs: the median of its recent measurements once there are a
   * few (one or two could be the outlier itself), else the fastest of them and the calibrated median.
   */
  private typicalSingleMs(): number {
    const times = (this.windows.get(1) ?? []).map((w) => w.ms);
    if (times.length >= 3) return percentileOf(times, 50);
    return Math.min(
      this.medianSeed ?? Infinity,
      ...times,
      this.medianSeed === null && times.length === 0 ? UNKNOWN_B1_MS : Infinity,
    );
  }

  /** Drops measurements older than ESTIMATE_MAX_AGE_MS (see there); cheap until one is due. */
  private expire(now: number): void {
    if (now < this.nextExpiry) return;
    const cutoff = now - ESTIMATE_MAX_AGE_MS;
    this.nextExpiry = Infinity;
    for (const [size, window] of this.windows) {
      let drop = 0;
      while (drop < window.length && window[drop].atMs <= cutoff) drop++;
      if (drop > 0) {
        window.splice(0, drop);
        this.table = null;
        if (window.length === 0) {
          this.windows.delete(size);
          this.measured.delete(size);
          continue;
        }
        this.measured.set(
          size,
          percentileOf(
            window.map((w) => w.ms),
            this.percentile,
          ),
        );
      }
      this.nextExpiry = Math.min(this.nextExpiry, window[0].atMs + ESTIMATE_MAX_AGE_MS);
    }
  }

  onBatchComplete(outcome: BatchOutcome): void {
    const { size, computeMs } = outcome;
    if (!(size >= 1 && Number.isFinite(computeMs) && computeMs >= 0)) return;
    let window = this.windows.get(size);
    if (!window) this.windows.set(size, (window = []));
    window.push({ ms: computeMs, atMs: outcome.completedAt });
    this.nextExpiry = Math.min(this.nextExpiry, window[0].atMs + ESTIMATE_MAX_AGE_MS);
    if (window.length > ESTIMATE_WINDOW) window.shift();
    this.measured.set(
      size,
      percentileOf(
        window.map((w) => w.ms),
        this.percentile,
      ),
    );
    this.table = null;
  }

  /**
   * What a request arriving now, with its whole latency budget ahead of it, could get: the largest
   * batch whose estimate fits within `sloMs` (0 when even a batch of one would not, i.e. the policy
   * is shedding everything), and that batch's estimate.
   */
  observe(): PolicyState {
    let cap = 0;
    while (cap < this.maxBatch && this.estimateMs(cap + 1) <= this.sloMs) cap++;
    return { capBatch: cap, estimateMs: this.estimateMs(Math.max(cap, 1)) };
  }

  /**
   * The latency estimate of a batch of `n` (clamped to 1..maxBatch), ms: the percentile of the
   * size's recent compute times when it has been measured, else interpolated linearly between the
   * nearest known sizes (measured ones, or calibrated ones not measured yet), extrapolated along
   * the last segment beyond the largest, and held flat below the smallest. With no calibration and
   * no measurement yet, a batch of one is assumed to take 1 ms and larger ones proportionally more.
   */
  estimateMs(n: number): number {
    const table = this.table ?? (this.table = this.buildTable());
    return table[Math.min(Math.max(Math.round(n), 1), this.maxBatch)];
  }

  private buildTable(): Float64Array {
    const known = new Map(this.seeds);
    for (const [size, ms] of this.measured) known.set(size, ms); // a measurement beats the seed
    if (known.size === 0) known.set(1, UNKNOWN_B1_MS);
    const points = [...known].sort((a, b) => a[0] - b[0]);
    const table = new Float64Array(this.maxBatch + 1);
    let k = 0; // points[k] is the first known size >= n, while there is one
    let floor = 0;
    for (let n = 1; n <= this.maxBatch; n++) {
      while (k < points.length && points[k][0] < n) k++;
      let ms: number;
      if (k === 0) ms = points[0][1];
      else if (k < points.length) {
        const [s0, v0] = points[k - 1];
        const [s1, v1] = points[k];
        ms = v0 + ((v1 - v0) * (n - s0)) / (s1 - s0);
      } else if (points.length === 1) {
        // One known size: assume no batching gain beyond it (pessimistic, safe for deadlines).
        const [s, v] = points[0];
        ms = (v * n) / s;
      } else {
        const [s0, v0] = points[points.length - 2];
        const [s1, v1] = points[points.length - 1];
        ms = v1 + (Math.max(0, v1 - v0) * (n - s1)) / (s1 - s0);
      }
      floor = Math.max(floor, ms);
      table[n] = floor;
    }
    return table;
  }
}

/** Nearest-rank percentile (0 < p <= 100) of a non-empty sample. */
function percentileOf(values: readonly number[], p: number): number {
  return nearestRank(
    [...values].sort((a, b) => a - b),
    p / 100,
  );
}

export const deadlineStrategy: StrategyDescriptor = {
  name: 'deadline',
  title: 'Deadline-aware batching',
  summary:
    'Sheds requests that can no longer meet the SLO and dispatches the largest batch whose predicted latency meets the earliest deadline.',
  reference:
    'Clockwork (Gujarati et al., "Serving DNNs like Clockwork: Performance Predictability from the Bottom Up", OSDI 2020) — https://www.usenix.org/conference/osdi20/presentation/gujarati',
  params: [
    maxBatchParam('The largest batch dispatched; smaller ones go when a larger one would miss a deadline.'),
    sloParam("Each request's deadline is its arrival plus this; requests that cannot meet it are shed."),
    {
      key: 'estimatePercentile',
      short: 'pct',
      type: 'number',
      label: 'Estimate percentile',
      help: 'Percentile of recent compute times a batch size is budgeted at; higher is safer, lower packs bigger batches (Clockwork: 99).',
      default: DEFAULT_ESTIMATE_PERCENTILE,
      min: 50,
      max: 100,
    },
  ],
  queuePolicy: true,
  maxBatch: (c) => num(c, 'maxBatch'),
  label: (c) => {
    const pct = num(c, 'estimatePercentile');
    const base = `max=${num(c, 'maxBatch')}, slo=${formatMs(num(c, 'sloMs'))}ms`;
    return pct === DEFAULT_ESTIMATE_PERCENTILE
      ? `deadline(${base})`
      : `deadline(${base}, pct=${formatMs(pct)})`;
  },
  create: (c, context) =>
    new DeadlineBatchingPolicy({
      maxBatch: num(c, 'maxBatch'),
      sloMs: num(c, 'sloMs'),
      percentile: num(c, 'estimatePercentile'),
      calibration: context.calibration,
    }),
  serverBatching: (c, context) => {
    const slo = num(c, 'sloMs');
    // The policy's own estimates on this model's calibration, before any batch ran.
    const policy = new DeadlineBatchingPolicy({
      maxBatch: num(c, 'maxBatch'),
      sloMs: slo,
      percentile: num(c, 'estimatePercentile'),
      calibration: context.calibration,
    });
    const cap = Math.max(1, policy.observe().capBatch ?? 1);
    // A request that has waited slo − est(1) would be late even alone: deadline sheds it.
    const shed = Math.round((slo - policy.estimateMs(1)) * 1000) / 1000;
    return {
      maxBatch: cap,
      maxDelayMs: 0,
      preferredBatch: [],
      latencyBudgetMs: slo,
      shedAfterMs: shed > 0 ? shed : null,
      differences: [
        `deadline (Clockwork) sizes each batch to the earliest deadline and sheds requests that can no longer ` +
          `make theirs; a dynamic batcher does neither. The export caps batches at ${cap} (the largest whose ` +
          `estimated compute fits ${formatMs(slo)} ms on this model's calibration) and sends at once, as deadline does` +
          (shed > 0
            ? `, and times out requests that waited ${formatMs(shed)} ms (late even alone) in place of shedding.`
            : '; even a batch of one misses the SLO on this calibration, so nothing stands in for the shedding.'),
      ],
    };
  },
};
