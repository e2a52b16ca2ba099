/**
 * Judges from a strategy's raw records whether the offered load exceeded what it could serve.
 * An overloaded strategy's latency percentiles cover completed requests only, so they understate
 * the real latency; the profile must say so rather than let the numbers look clean.
 */
import type { BatchColumns, RequestColumns } from '../../shared/profileTypes';

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
}

/**
 * Assesses overload of one strategy's arrival window of `durationS` seconds (run-relative
 * 0..durationS). Requests that never ran count as overload unless `partial` (an abort left them).
 */
export function assessOverload(
  requests: RequestColumns,
  batches: BatchColumns,
  durationS: number,
  partial: boolean,
): OverloadAssessment {
  const windowMs = durationS * 1000;
  const n = requests.scheduledMs.length;
  let neverRun = 0;
  let doneInWindow = 0;
  let backlogAtEnd = 0;
  for (let i = 0; i < n; i++) {
    const b = requests.batch[i];
    if (b < 0) neverRun++;
    else if (requests.doneMs[i] <= windowMs) doneInWindow++;
    if (requests.scheduledMs[i] <= windowMs && (b < 0 || batches.computeStartMs[b] > windowMs))
      backlogAtEnd++;
  }
  const offeredRps = durationS > 0 ? n / durationS : 0;
  const servedInWindowRps = durationS > 0 ? doneInWindow / durationS : 0;
  const fellBehind =
    servedInWindowRps < OVERLOAD_SERVED_SHARE * offeredRps &&
    backlogAtEnd > Math.max(OVERLOAD_MIN_BACKLOG, OVERLOAD_BACKLOG_SHARE * n);
  const overloaded = !partial && (neverRun > 0 || fellBehind);
  return { overloaded, offeredRps, servedInWindowRps, backlogAtEnd, neverRun };
}
