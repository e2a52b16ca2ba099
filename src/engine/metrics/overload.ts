/**
 * Judges from a strategy's raw records whether the offered load exceeded what it could serve.
 * An overloaded strategy's latency percentiles cover completed requests only, so they understate
 * the real latency; the profile must say so rather than let the numbers look clean.
 */
import {
  BATCH_NEVER_RAN,
  BATCH_REJECTED,
  type BatchColumns,
  type RequestColumns,
  type RunSettings,
  type StrategyResult,
} from '../../shared/profileTypes';
import { totalMs, type Interval } from '../../shared/measurementPlan';

/** Served below this share of the offered rate during the window counts as not keeping up. */
export const OVERLOAD_SERVED_SHARE = 0.9;
/**
 * The backlog at the end of the window must also exceed this share of all requests (and
 * OVERLOAD_MIN_BACKLOG requests): a healthy run ends with a few batches queued at most, while a
 * queue growing without bound holds a large share of everything that arrived.
 */
export const OVERLOAD_BACKLOG_SHARE = 0.05;
export const OVERLOAD_MIN_BACKLOG = 20;

/** What the records say about overload, with the figures a warning quotes. */
export interface OverloadAssessment {
  overloaded: boolean;
  /** Requests scheduled per second of the arrival window. */
  offeredRps: number;
  /** Requests completed per second within the arrival window. */
  servedInWindowRps: number;
  /** Requests that had arrived by the window's end but not started computing then. */
  backlogAtEnd: number;
  /** Requests that never ran (batch -1): cut by the drain limit, or abandoned by an abort. */
  neverRun: number;
  /**
   * Requests the strategy rejected (batch -2: queue full, timed out, shed). Not overload by
   * themselves: turning work away is how a bounded queue or a deadline-aware policy keeps the
   * latency of the rest; goodput (rejections count as misses) is where they cost.
   */
  rejected: number;
}

/** How the strategy was run, as far as judging overload needs it. */
export interface OverloadContext {
  /**
   * The arrival windows, run-relative ms: one per segment the strategy ran, warm-up included (a
   * backlog built during the warm-up is a backlog all the same). Old profiles: [0, duration).
   */
  spans: readonly Interval[];
  /** Aborted: requests left unrun are the abort's doing, not overload. */
  partial: boolean;
  /**
   * Closed-loop arrivals: clients wait for answers, so the queue cannot grow without bound and
   * only requests that never ran (a drain cut short) count.
   */
  closedLoop: boolean;
}

/**
 * Assesses overload of one strategy's arrival window from its raw records: requests that never
 * ran (the drain limit cut them), or a queue that grew during the window (served below
 * OVERLOAD_SERVED_SHARE of the rate it accepted, with a large backlog when arrivals stopped).
 * Rejected requests are neither never-run nor backlog, and the served share is measured against
 * the accepted requests: a strategy that sheds by design and serves the rest is not overloaded.
 */
export function assessOverload(
  requests: RequestColumns,
  batches: BatchColumns,
  { spans, partial, closedLoop }: OverloadContext,
): OverloadAssessment {
  const n = requests.scheduledMs.length;
  let neverRun = 0;
  let rejected = 0;
  let doneInWindow = 0;
  let backlogAtEnd = 0;
  let span = 0;
  for (let i = 0; i < n; i++) {
    const b = requests.batch[i];
    if (b === BATCH_REJECTED) {
      rejected++;
      continue;
    }
    // Requests are in scheduled order, spans in time order: move to the span this one arrived in.
    const scheduled = requests.scheduledMs[i];
    while (span < spans.length - 1 && scheduled >= spans[span].toMs) span++;
    const windowEnd = spans.length > 0 ? spans[span].toMs : 0;
    if (b === BATCH_NEVER_RAN) neverRun++;
    else if (requests.doneMs[i] <= windowEnd) doneInWindow++;
    if (scheduled <= windowEnd && (b < 0 || batches.computeStartMs[b] > windowEnd)) backlogAtEnd++;
  }
  const durationS = totalMs(spans) / 1000;
  const offeredRps = durationS > 0 ? n / durationS : 0;
  const acceptedRps = durationS > 0 ? (n - rejected) / durationS : 0;
  const servedInWindowRps = durationS > 0 ? doneInWindow / durationS : 0;
  const fellBehind =
    !closedLoop &&
    servedInWindowRps < OVERLOAD_SERVED_SHARE * acceptedRps &&
    backlogAtEnd > Math.max(OVERLOAD_MIN_BACKLOG, OVERLOAD_BACKLOG_SHARE * n);
  const overloaded = !partial && (neverRun > 0 || fellBehind);
  return { overloaded, offeredRps, servedInWindowRps, backlogAtEnd, neverRun, rejected };
}

/** The overload context of strategy `s` in a run with `settings`. */
export function overloadContext(
  s: Pick<StrategyResult, 'partial' | 'measured'>,
  settings: Pick<RunSettings, 'durationS' | 'arrival' | 'strategyWarmupS'>,
): OverloadContext {
  return {
    spans: arrivalSpans(s, settings),
    partial: s.partial,
    closedLoop: settings.arrival.kind === 'closed',
  };
}

/**
 * Where a strategy's arrivals fell: each measured interval with the warm-up before it (old
 * profiles, without intervals: the whole duration from 0).
 */
export function arrivalSpans(
  s: Pick<StrategyResult, 'measured'>,
  settings: Pick<RunSettings, 'durationS' | 'strategyWarmupS'>,
): Interval[] {
  if (!s.measured || s.measured.length === 0) return [{ fromMs: 0, toMs: settings.durationS * 1000 }];
  const warmupMs = (settings.strategyWarmupS ?? 0) * 1000;
  return s.measured.map((iv) => ({ fromMs: Math.max(0, iv.fromMs - warmupMs), toMs: iv.toMs }));
}
