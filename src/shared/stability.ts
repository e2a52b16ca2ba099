/**
 * Stability windows, as perf_analyzer uses them but shown: a strategy's measured time is cut into
 * windows; each window's throughput (completions in it ÷ its length) and p99 latency (of the
 * requests completed in it) are computed; the strategy is stable when the last `STABLE_WINDOWS`
 * windows agree — max ÷ min within 1 + tolerance, for throughput and for p99 alike (perf_analyzer's
 * --stability-percentage, default 10%, over its last 3 measurements).
 *
 * Windows count completions by *done* time, like perf_analyzer's time windows: an overloaded
 * strategy completes at its capacity while its latency keeps growing, so its p99 never settles
 * and it is reported unstable, which is the truth. Node-free (the panel reads it too).
 */
import type { Interval } from './measurementPlan';
import { nearestRank } from './nearestRank';

/** Windows that must agree (perf_analyzer's stability window). */
export const STABLE_WINDOWS = 3;
/** Default tolerance: max ÷ min of the last windows at most 1.1. */
export const DEFAULT_STABILITY_TOLERANCE = 0.1;

/**
 * Default window length for a run of `durationS` measured seconds: a fifth of it, so every run gets
 * enough windows to be judged, but at most 1 s (long runs get many windows; the last ones count)
 * and at least 0.1 s.
 */
export function defaultWindowS(durationS: number): number {
  return Math.min(1, Math.max(0.1, Math.round((durationS / 5) * 1000) / 1000));
}

export interface WindowStat extends Interval {
  /** Requests completed in the window (by done time). */
  completed: number;
  throughputRps: number;
  /** p99 latency of the requests completed in the window, ms (NaN when none completed). */
  p99Ms: number;
}

export interface Stability {
  /** True: stable; false: the last windows disagree; null: too few windows to tell. */
  stable: boolean | null;
  /** Why, in words (which figure spread by how much, or how many windows there were). */
  reason: string;
  tolerance: number;
  windowMs: number;
  windows: WindowStat[];
}

/** Spread of positive values as max ÷ min − 1 (Infinity when a value is 0 or not finite). */
function spread(values: readonly number[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) return Infinity;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min <= 0) return max <= 0 ? 0 : Infinity;
  return max / min - 1;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : 'unbounded');

/** Judges the last STABLE_WINDOWS windows. */
export function judgeStability(
  windows: readonly WindowStat[],
  tolerance: number,
  windowMs: number,
): Stability {
  const base = { tolerance, windowMs, windows: [...windows] };
  if (windows.length < STABLE_WINDOWS) {
    return {
      ...base,
      stable: null,
      reason: `only ${windows.length} window(s) of ${windowMs / 1000} s measured; ${STABLE_WINDOWS} are needed to judge stability`,
    };
  }
  const last = windows.slice(-STABLE_WINDOWS);
  const tp = spread(last.map((w) => w.throughputRps));
  const p99 = spread(last.map((w) => w.p99Ms));
  const stable = tp <= tolerance + 1e-12 && p99 <= tolerance + 1e-12;
  const figures = `throughput varies ${pct(tp)} and p99 ${pct(p99)} over the last ${STABLE_WINDOWS} windows (tolerance ${pct(tolerance)})`;
  return { ...base, stable, reason: figures };
}

/**
 * Collects completions into windows by done time. Fed completion by completion — live, to decide
 * when an until-stable run may stop, or from a profile's columns afterwards: one code path for
 * both, so what stopped a run is what the profile reports.
 */
export class WindowCollector {
  private readonly latencies: number[][];
  private cursor = 0;

  constructor(readonly windows: readonly Interval[]) {
    this.latencies = windows.map(() => []);
  }

  /** A request completed at `doneMs` after `latencyMs`. Completions outside every window are ignored. */
  add(doneMs: number, latencyMs: number): void {
    const w = this.windows;
    // Completions come nearly in time order: start from the last window hit.
    let i = this.cursor;
    if (i >= w.length || doneMs < w[i].fromMs) i = 0;
    while (i < w.length && doneMs >= w[i].toMs) i++;
    if (i >= w.length || doneMs < w[i].fromMs) return;
    this.cursor = i;
    this.latencies[i].push(latencyMs);
  }

  /** Statistics of the windows that ended by `nowMs` (all of them by default), in time order. */
  stats(nowMs = Infinity): WindowStat[] {
    const out: WindowStat[] = [];
    for (let i = 0; i < this.windows.length && this.windows[i].toMs <= nowMs; i++) {
      const { fromMs, toMs } = this.windows[i];
      const sorted = Float64Array.from(this.latencies[i]).sort();
      out.push({
        fromMs,
        toMs,
        completed: sorted.length,
        throughputRps: toMs > fromMs ? (sorted.length * 1000) / (toMs - fromMs) : 0,
        p99Ms: sorted.length > 0 ? nearestRank(sorted, 0.99) : NaN,
      });
    }
    return out;
  }
}
