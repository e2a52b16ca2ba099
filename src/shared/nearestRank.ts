/**
 * The exact nearest-rank quantile of ascending `sorted` values: the smallest value with at least
 * `q` (0..1) of them at or below it. `sorted` must be non-empty.
 */
export function nearestRank(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
