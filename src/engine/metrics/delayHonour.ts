import type { StrategySummary } from '../../shared/profileTypes';
import { nearestRank } from '../../shared/nearestRank';

/**
 * How well a configured queue delay was honoured: statistics of (actual dispatch time - intended
 * dispatch time) in ms, exact (sorted, nearest rank). Positive means late. Null when there is
 * nothing to judge (no batch was dispatched because its delay expired).
 */
export function delayHonourStats(errorsMs: ArrayLike<number>): StrategySummary['delayHonour'] {
  const sorted = Float64Array.from(errorsMs).filter((v) => Number.isFinite(v));
  if (sorted.length === 0) return null;
  sorted.sort();
  return {
    p50ErrorMs: nearestRank(sorted, 0.5),
    p99ErrorMs: nearestRank(sorted, 0.99),
    maxErrorMs: sorted[sorted.length - 1],
    samples: sorted.length,
  };
}
