/**
 * Where each strategy's measurement lies on the run's arrival sequence, and in which order the
 * strategies take their turns. Node-free: the engine plans with it, the panel and the report read
 * the same intervals to shade warm-ups and to leave warm-up requests out of what they draw.
 *
 * Every strategy runs the same segments of the same arrival sequence. A segment serves arrivals
 * in [fromMs, toMs); the first part, [fromMs, measureFromMs), is the strategy's warm-up on its
 * own traffic — its requests are recorded (the raw records stay complete) but left out of every
 * figure — and [measureFromMs, toMs) is measured.
 *
 * - fixed / reversed: one segment per strategy, [0, warm-up + duration), in the given order or
 *   the reverse.
 * - interleaved: the duration is cut into slices; slice k is one segment, run by every strategy
 *   in turn (A B C A B C …), each with its own warm-up at the start of the slice. Segments lie one
 *   after another on the sequence, so no request is served twice by one strategy, and whatever
 *   the machine does over the run (a slow drift, a noisy neighbour) falls on every strategy.
 */

export const STRATEGY_ORDERS = ['fixed', 'reversed', 'interleaved'] as const;
export type StrategyOrder = (typeof STRATEGY_ORDERS)[number];

/** Measured length of one interleaved slice, s. */
export const DEFAULT_SLICE_S = 1;

/** A span of run-relative time, ms: [fromMs, toMs). */
export interface Interval {
  fromMs: number;
  toMs: number;
}

/** One turn of a strategy: arrivals in [fromMs, toMs), measured from measureFromMs. */
export interface Segment extends Interval {
  measureFromMs: number;
}

export interface PlanOptions {
  /** Measured time per strategy, ms (the least, with until-stable). */
  durationMs: number;
  /** Each strategy's warm-up at the start of each of its segments, ms. */
  warmupMs: number;
  order: StrategyOrder;
  /** Measured part of one interleaved slice, ms (ignored for fixed and reversed). */
  sliceMs: number;
}

/** Slices an interleaved run needs to measure `durationMs` (the last one may be shorter). */
export function sliceCount(durationMs: number, sliceMs: number): number {
  return Math.max(1, Math.ceil(durationMs / sliceMs - 1e-9));
}

/**
 * The segments every strategy runs, in time order. For `maxDurationMs` > durationMs (until
 * stable) it plans as far as the maximum; the run stops early when the strategies are stable.
 */
export function planSegments(o: PlanOptions, maxDurationMs = o.durationMs): Segment[] {
  const w = Math.max(0, o.warmupMs);
  if (o.order !== 'interleaved') {
    return [{ fromMs: 0, measureFromMs: w, toMs: w + Math.max(o.durationMs, maxDurationMs) }];
  }
  const slice = Math.min(o.sliceMs, o.durationMs);
  const total = Math.max(o.durationMs, maxDurationMs);
  const segments: Segment[] = [];
  let measured = 0;
  let at = 0;
  for (let k = 0; k < sliceCount(total, slice); k++) {
    const length = Math.min(slice, total - measured);
    segments.push({ fromMs: at, measureFromMs: at + w, toMs: at + w + length });
    measured += length;
    at += w + length;
  }
  return segments;
}

/** The order strategies take their turns in (indices into the run's strategy list). */
export function turnOrder(count: number, order: StrategyOrder): number[] {
  const indices = Array.from({ length: count }, (_, i) => i);
  return order === 'reversed' ? indices.reverse() : indices;
}

/** The measured parts of segments (what a strategy's figures are computed over). */
export function measuredIntervals(segments: readonly Segment[]): Interval[] {
  return segments.map((s) => ({ fromMs: s.measureFromMs, toMs: s.toMs }));
}

/** Total length of intervals, ms. */
export function totalMs(intervals: readonly Interval[]): number {
  let sum = 0;
  for (const i of intervals) sum += Math.max(0, i.toMs - i.fromMs);
  return sum;
}

/**
 * Whether time `t` falls in one of `intervals` (sorted, disjoint). Null or empty intervals mean
 * the whole run is measured (profiles written before per-strategy warm-up).
 */
export function inIntervals(intervals: readonly Interval[] | null | undefined, t: number): boolean {
  if (!intervals || intervals.length === 0) return true;
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const iv = intervals[mid];
    if (t < iv.fromMs) hi = mid - 1;
    else if (t >= iv.toMs) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Cuts measured intervals into stability windows of `windowMs` (a shorter remainder is kept if ≥ half a window). */
export function windowsOf(intervals: readonly Interval[], windowMs: number): Interval[] {
  const out: Interval[] = [];
  for (const iv of intervals) {
    let from = iv.fromMs;
    while (iv.toMs - from >= windowMs - 1e-9) {
      out.push({ fromMs: from, toMs: from + windowMs });
      from += windowMs;
    }
    if (iv.toMs - from >= windowMs / 2) out.push({ fromMs: from, toMs: iv.toMs });
  }
  return out;
}
