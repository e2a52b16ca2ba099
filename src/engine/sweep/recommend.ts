/**
 * The recommendation under an SLO: which configuration, at what rate, and why.
 *
 * - With a target rate: among the configurations that sustain it (SLO percentile within
 *   (1 − margin) × SLO, serving what is offered), the fewest instances, then the lowest predicted
 *   SLO percentile at the target, then the most headroom.
 * - Without: the configuration that sustains the most; any within 5% of that counts as equal, and
 *   among equals the fewest instances, then the lowest SLO percentile at that rate.
 * - What binds is found just above the recommended rate: the instances are saturated (compute),
 *   the wait for a fuller batch eats the budget (delay), or the latency tail itself (SLO).
 */
import type {
  BindingConstraint,
  Prediction,
  Recommendation,
  SweepSettings,
} from '../../shared/sweep/sweepTypes';
import { num } from '../../shared/strategies/strategyDescriptor';
import type { PointMetrics } from './pointMetrics';
import { figure } from '../../shared/formatFigure';
import { roundRate, type SimulatedSweep } from './simulateSweep';

/** Sustainable rates within this share of the best count as equal (then fewer instances win). */
const EQUAL_RATE_SHARE = 0.05;
/** Requests simulated for the recommendation's own prediction (tighter than a grid point). */
const PREDICTION_REQUESTS = 50_000;
/** Bisection steps when the closer prediction puts the rate lower (1/128 of the grid's rate). */
const REFINE_STEPS = 7;

export function prediction(m: PointMetrics): Prediction {
  return {
    p50Ms: m.p50Ms,
    p99Ms: m.p99Ms,
    sloPercentileMs: m.sloPercentileMs,
    throughputRps: m.throughputRps,
  };
}

/** Candidates in order of preference (the first is the recommendation; verification falls back to the next). */
export function rankCandidates(sweep: SimulatedSweep, settings: SweepSettings): number[] {
  const usable = sweep.configs.map((c, i) => ({ c, i })).filter(({ c }) => (c.maxRateRps ?? 0) > 0);
  if (settings.targetRps !== null) {
    const target = settings.targetRps;
    const feasible = usable.filter(({ c }) => (c.maxRateRps ?? 0) >= target);
    const atTarget = new Map(feasible.map(({ i }) => [i, sweep.simulate(i, target).sloPercentileMs]));
    return feasible
      .sort(
        (a, b) =>
          a.c.instances - b.c.instances ||
          atTarget.get(a.i)! - atTarget.get(b.i)! ||
          (b.c.maxRateRps ?? 0) - (a.c.maxRateRps ?? 0),
      )
      .map(({ i }) => i);
  }
  const best = Math.max(0, ...usable.map(({ c }) => c.maxRateRps ?? 0));
  const equal = (r: number): boolean => r >= (1 - EQUAL_RATE_SHARE) * best;
  const tail = new Map(usable.map(({ c, i }) => [i, sweep.simulate(i, c.maxRateRps!).sloPercentileMs]));
  return usable
    .sort((a, b) => {
      const ea = equal(a.c.maxRateRps!);
      const eb = equal(b.c.maxRateRps!);
      if (ea !== eb) return ea ? -1 : 1;
      if (ea) return a.c.instances - b.c.instances || tail.get(a.i)! - tail.get(b.i)!;
      return b.c.maxRateRps! - a.c.maxRateRps!;
    })
    .map(({ i }) => i);
}

/**
 * The recommendation for candidate `index` (settings.slo must be set), or null when the closer
 * prediction finds it does not meet the SLO after all (at the target, or at any rate).
 */
export function recommendationFor(
  sweep: SimulatedSweep,
  settings: SweepSettings,
  index: number,
  rank: number,
): Recommendation | null {
  const slo = settings.slo!;
  const c = sweep.configs[index];
  // The grid found the rate on fewer requests, where a rare slow batch may or may not fall in;
  // the recommendation's own prediction uses more. Without a target, the rate is found again by
  // bisection on the larger sample; with one, a candidate that misses at the target is no candidate.
  let rateRps = settings.targetRps ?? c.maxRateRps!;
  let m = sweep.simulate(index, rateRps, PREDICTION_REQUESTS);
  if (!sweep.sustains(m, rateRps)) {
    if (settings.targetRps !== null) return null;
    let lo = 0;
    let hi = rateRps;
    let atLo: PointMetrics | null = null;
    for (let step = 0; step < REFINE_STEPS; step++) {
      const mid = roundRate((lo + hi) / 2);
      const at = sweep.simulate(index, mid, PREDICTION_REQUESTS);
      if (sweep.sustains(at, mid)) {
        lo = mid;
        atLo = at;
      } else hi = mid;
    }
    if (!atLo) return null;
    rateRps = lo;
    m = atLo;
  }
  const budget = slo.ms * (1 - settings.margin);
  // What binds: at a target whose predicted tail already nears the budget, the latency itself
  // (the delay, or the tail); otherwise what stops the configuration just past how far it goes
  // (its sustainable rate; at a target well below it, nothing binds at the target itself).
  const nearBudget = settings.targetRps !== null && m.sloPercentileMs >= 0.8 * budget;
  const above = nearBudget
    ? rateRps
    : roundRate(Math.max(rateRps, settings.targetRps !== null ? (c.maxRateRps ?? rateRps) : rateRps) * 1.1);
  const over = nearBudget ? m : sweep.simulate(index, above);
  const binding = nearBudget ? latencyBinding(c.config, budget) : bindingOf(over, above, c.config, budget);
  const pct = `p${slo.percentile}`;
  const reasons: string[] = [];
  if (settings.targetRps !== null)
    reasons.push(
      `Sustains the target ${figure(settings.targetRps)} req/s with ${pct} ${figure(m.sloPercentileMs)} ms predicted, ` +
        `within the budget of ${figure(budget)} ms (the ${figure(slo.ms)} ms SLO less a ${Math.round(settings.margin * 100)}% margin); ` +
        `it would sustain up to ${figure(c.maxRateRps!)} req/s.`,
    );
  else
    reasons.push(
      `Sustains the most throughput under the SLO: ${figure(rateRps)} req/s with ${pct} ${figure(m.sloPercentileMs)} ms predicted, ` +
        `within the budget of ${figure(budget)} ms (the ${figure(slo.ms)} ms SLO less a ${Math.round(settings.margin * 100)}% margin).`,
    );
  const fewer = sweep.configs.filter((o) => o.instances < c.instances && (o.maxRateRps ?? 0) > 0);
  if (c.instances > 1 && fewer.length > 0)
    reasons.push(
      `${c.instances} instances: with fewer, the best sustains ${figure(Math.max(...fewer.map((o) => o.maxRateRps!)))} req/s.`,
    );
  else if (settings.instances.length > 1)
    reasons.push(
      `${c.instances} instance(s): more would add cost, not throughput that meets the SLO${settings.targetRps !== null ? ' at this target' : ''}.`,
    );
  reasons.push(bindingReason(binding, over, above, c.config, pct, budget));
  if (rank > 0)
    reasons.push(
      `Candidate ${rank + 1}: the ${rank === 1 ? 'one' : `${rank}`} ranked before it missed the SLO when measured on the model.`,
    );
  return {
    configIndex: index,
    label: c.label,
    config: c.config,
    instances: c.instances,
    rateRps,
    predicted: prediction(m),
    binding,
    reasons,
  };
}

function bindingOf(
  over: PointMetrics,
  offered: number,
  config: { [k: string]: unknown },
  budgetMs: number,
): BindingConstraint {
  if (over.utilization >= 0.9 || over.throughputRps < 0.95 * offered || over.servedFraction < 0.99)
    return 'compute';
  return latencyBinding(config, budgetMs);
}

/** The latency side: the delay when the wait for a fuller batch takes most of the budget, else the tail (the SLO). */
function latencyBinding(config: { [k: string]: unknown }, budgetMs: number): BindingConstraint {
  const delay = typeof config.maxDelayMs === 'number' ? config.maxDelayMs : 0;
  if (delay > 0 && delay >= 0.5 * budgetMs) return 'delay';
  return 'slo';
}

function bindingReason(
  binding: BindingConstraint,
  over: PointMetrics,
  offered: number,
  config: Parameters<typeof num>[0],
  pct: string,
  budget: number,
): string {
  switch (binding) {
    case 'compute':
      // Utilization counts the model's compute only: where the engine's hand-off between batches
      // fills the rest of the cycle (a very fast model), say so rather than "busy 51%".
      return (
        `Binding constraint: compute saturation. At ${figure(offered)} req/s the instances would serve only ` +
        `${figure(over.throughputRps)} req/s; more load only queues. ` +
        (over.utilization >= 0.9
          ? `The model computes ${Math.round(over.utilization * 100)}% of the time.`
          : `The model computes ${Math.round(over.utilization * 100)}% of the time; the rest of each cycle is the engine handing batches over, which at this model's speed is as costly as the model.`)
      );
    case 'delay':
      return (
        `Binding constraint: the delay budget. The max queue delay of ${figure(num(config, 'maxDelayMs'))} ms takes most of ` +
        `the ${figure(budget)} ms budget; at ${figure(offered)} req/s ${pct} would be ${figure(over.sloPercentileMs)} ms. A shorter delay leaves more room.`
      );
    case 'slo':
      return (
        `Binding constraint: the SLO. At ${figure(offered)} req/s ${pct} would be ${figure(over.sloPercentileMs)} ms against ` +
        `the ${figure(budget)} ms budget, while the instances are only ${Math.round(over.utilization * 100)}% busy: queueing in bursts, not saturation.`
      );
  }
}
