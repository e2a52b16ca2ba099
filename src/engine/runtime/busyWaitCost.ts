/**
 * The busy-wait worker's cost per batch: `serviceMs + perRequestMs·n`, times a lognormal factor
 * of mean 1 and coefficient of variation `jitter` when that is above 0. Lognormal because a cost
 * is never negative and its mean stays the nominal cost, so throughput and calibration still
 * average to `base + per-item·n`; seeded, so a run's sequence of costs is reproducible.
 */
import { createRng } from '../workload/rng';

export interface BusyWaitCost {
  /** Cost of every batch, ms. */
  serviceMs: number;
  /** Extra cost per request in the batch, ms. */
  perRequestMs: number;
  /** Coefficient of variation of each batch's cost (0 = constant). */
  jitter: number;
}

/** Returns `cost(n)`: the next batch of n requests' cost, ms. Draws from `seed` in call order. */
export function batchCostSampler(cost: BusyWaitCost, seed: number): (n: number) => number {
  const nominal = (n: number): number => cost.serviceMs + cost.perRequestMs * n;
  if (!(cost.jitter > 0)) return nominal;
  const rng = createRng(seed);
  // ln X ~ N(mu, sigma²) with E[X] = 1 and CV² = exp(sigma²) − 1.
  const sigma2 = Math.log(1 + cost.jitter * cost.jitter);
  const sigma = Math.sqrt(sigma2);
  const mu = -sigma2 / 2;
  return (n) => {
    // Box–Muller: 1 − u keeps the logarithm's argument in (0, 1].
    const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return nominal(n) * Math.exp(mu + sigma * z);
  };
}
