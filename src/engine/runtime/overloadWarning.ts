/**
 * The profile warning for a strategy that could not keep up with the offered load. Its latency
 * percentiles cover completed requests only, so without this warning an overloaded strategy
 * would look better than it is.
 */
import type { RunSettings, StrategyResult } from '../../shared/profileTypes';
import { assessOverload, overloadContext, type OverloadAssessment } from '../metrics/overload';
import { drainLimitMs } from './strategyRun';

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}

/**
 * The overload warning for strategy `s` run under `settings` (its arrival window and pattern),
 * or null when it kept up (or was aborted: then unfinished requests are the abort's doing).
 */
export function overloadWarning(
  s: StrategyResult,
  settings: Pick<RunSettings, 'durationS' | 'arrival' | 'strategyWarmupS'>,
  /** The assessment the strategy's run already made of these records (else made here). */
  assessment?: OverloadAssessment,
): string | null {
  const context = overloadContext(s, settings);
  const a = assessment ?? assessOverload(s.requests, s.batches, context);
  // The drain allowed after each segment (the first is as long as any).
  const drainMs = drainLimitMs((context.spans[0].toMs - context.spans[0].fromMs) / 1000);
  if (!a.overloaded) return null;
  const m = s.summary;
  const rejected = a.rejected > 0 ? ` (and rejected ${count(a.rejected)} requests)` : '';
  const head = `${s.label}: overloaded — offered ${count(a.offeredRps)} req/s but served ${count(m.throughputRps)} req/s${rejected}`;
  const understate =
    'its latency percentiles cover completed requests only and understate the real latency. ' +
    'Lower --rate, or add capacity (more --instances, a larger max batch).';
  if (a.neverRun > 0) {
    const all = s.requests.scheduledMs.length;
    const share = all > 0 ? Math.round((100 * a.neverRun) / all) : 0;
    return (
      `${head}; ${count(a.neverRun)} of its ${count(all)} requests (${share}%, warm-up included) were still queued ` +
      `${seconds(drainMs)} after arrivals stopped and never ran; ${understate}`
    );
  }
  return (
    `${head}; the queue grew during the run (${count(a.backlogAtEnd)} requests waiting when arrivals stopped, ` +
    `${count(a.servedInWindowRps)} req/s served while they arrived) and only drained afterwards; ${understate}`
  );
}
