/**
 * Simulates a sweep: every configuration at every offered rate (the curves), and, under an SLO,
 * the largest rate each configuration sustains (bisection on the rate). All from one calibration,
 * with the same simulator as `profile --simulate`.
 */
import type {
  CalibrationDetail,
  CalibrationPoint,
  ModelSummary,
  StrategyConfig,
} from '../../shared/profileTypes';
import { strategyLabel } from '../../shared/strategies/strategyConfigs';
import type { SweepConfig, SweepPoint, SweepSettings } from '../../shared/sweep/sweepTypes';
import { fixedBatchSize } from '../model/batchAssembly';
import { requestSizeKeys } from '../model/requestInputs';
import { INPUT_POOL_SIZE } from '../runtime/runProfile';
import { generateArrivals } from '../workload/arrivals';
import { deriveSeed } from '../workload/rng';
import type { LatencyModel } from '../simulate/latencyModel';
import { latencyModelOf } from '../simulate/latencyModelOf';
import { simulateRecords } from '../simulate/simulateStrategy';
import { pointMetrics, type PointMetrics } from './pointMetrics';

/** Requests simulated per point at least: p99 of fewer is mostly noise. */
export const MIN_POINT_REQUESTS = 10_000;
/** Bisection steps for a configuration's largest sustainable rate (resolution: 1/64 of the range). */
const BISECTION_STEPS = 6;
/** A point "serves what is offered" when it completes at least this share, at this share of the rate. */
const SERVED_SHARE = 0.99;
const THROUGHPUT_SHARE = 0.95;

export interface SweepInput {
  model: ModelSummary;
  calibration: readonly CalibrationPoint[];
  calibrationDetail?: CalibrationDetail;
  settings: SweepSettings;
  strategies: readonly StrategyConfig[];
  /** Called after each simulated point (done, total) for progress. */
  onProgress?: (done: number, total: number) => void;
}

export interface SimulatedSweep {
  capacityRps: number;
  configs: SweepConfig[];
  points: SweepPoint[];
  pareto: number[];
  /** Simulates one configuration at one rate again (the recommender asks for more points). */
  simulate(configIndex: number, rateRps: number, requests?: number): PointMetrics;
  /** Whether a point meets the SLO with the margin and serves what is offered. */
  sustains(m: PointMetrics, offeredRps: number): boolean;
}

/**
 * What `instances` instances serve at most, req/s: the best calibrated size, slowed as they share
 * the cores, each batch also paying what the engine adds (`overheadMs`).
 */
export function capacityRps(
  model: LatencyModel,
  calibration: readonly CalibrationPoint[],
  instances: number,
  overheadMs = 0,
): number {
  let best = 0;
  for (const p of calibration) {
    const ms = model.latencyMs(p.batchSize, 0.5, NaN, instances) + overheadMs;
    if (ms > 0) best = Math.max(best, (p.batchSize * 1000 * instances) / ms);
  }
  return best;
}

export function simulateSweep(input: SweepInput): SimulatedSweep {
  const { settings } = input;
  const built = latencyModelOf(input.calibration, input.calibrationDetail);
  const inputSeed = deriveSeed(settings.seed, 1);
  const arrivalSeed = deriveSeed(settings.seed, 2);
  const sizeKeys = requestSizeKeys(input.model, inputSeed, INPUT_POOL_SIZE);
  const sizeKeyOf = (id: number): number => sizeKeys[id % sizeKeys.length];
  const fixedBatch = fixedBatchSize(input.model.inputs);
  const maxInstances = Math.max(...settings.instances);
  const capacity = capacityRps(
    built.model,
    input.calibration,
    maxInstances,
    built.handoffMs + built.returnMs,
  );
  const rates =
    settings.rates.kind === 'rps'
      ? settings.rates.values
      : settings.rates.values.map((f) => roundRate(f * capacity));
  const sloPercentile = settings.slo?.percentile ?? null;
  const budgetMs = settings.slo ? settings.slo.ms * (1 - settings.margin) : Infinity;

  const configs: SweepConfig[] = [];
  for (const instances of settings.instances)
    for (const config of input.strategies)
      configs.push({
        label: `${strategyLabel(config)}${settings.instances.length > 1 || instances > 1 ? ` ×${instances}` : ''}`,
        config,
        instances,
        maxRateRps: null,
      });

  const sequences = new Map<string, Float64Array>();
  const sequenceFor = (rate: number, durationS: number): Float64Array => {
    const key = `${rate}:${durationS}`;
    let s = sequences.get(key);
    if (!s) {
      s = generateArrivals({ kind: 'poisson' }, rate, durationS, arrivalSeed);
      sequences.set(key, s);
    }
    return s;
  };
  const simulate = (configIndex: number, rate: number, requests = MIN_POINT_REQUESTS): PointMetrics => {
    const c = configs[configIndex];
    const durationS = requests / Math.max(rate, 1e-9);
    const sequence = sequenceFor(rate, durationS);
    const records = simulateRecords({
      label: c.label,
      config: c.config,
      context: { calibration: input.calibration, sloMs: settings.slo?.ms ?? null, instances: c.instances },
      model: built.model,
      instances: c.instances,
      arrival: { kind: 'poisson' },
      sequence,
      segments: [{ fromMs: 0, measureFromMs: 0, toMs: durationS * 1000 }],
      sloMs: settings.slo?.ms ?? null,
      seed: arrivalSeed,
      fixedBatch,
      sizeKeyOf,
      lengthVaries: built.lengthScaling,
      handoffMs: built.handoffMs,
      returnMs: built.returnMs,
      cold: built.cold,
      overhead: built.overhead,
      timeseries: false,
      viewColumns: true,
      drainLimitMs: Math.max(50, 0.1 * durationS * 1000),
    });
    return pointMetrics(records.requests, records.batches, records.measured, c.instances, sloPercentile);
  };
  const sustains = (m: PointMetrics, offeredRps: number): boolean =>
    m.servedFraction >= SERVED_SHARE &&
    m.throughputRps >= THROUGHPUT_SHARE * offeredRps &&
    (sloPercentile === null || m.sloPercentileMs <= budgetMs);

  const total = configs.length * (rates.length + (settings.slo ? BISECTION_STEPS + 1 : 0));
  let done = 0;
  const tick = (): void => input.onProgress?.(++done, total);
  const points: SweepPoint[] = [];
  configs.forEach((c, i) => {
    for (const rate of rates) {
      const m = simulate(i, rate);
      points.push(toPoint(i, rate, m, false));
      tick();
    }
    if (settings.slo) {
      // The largest sustainable rate: bisection between 0 and 1.2× what these instances can serve.
      let lo = 0;
      let hi =
        1.2 * capacityRps(built.model, input.calibration, c.instances, built.handoffMs + built.returnMs);
      const top = simulate(i, hi);
      tick();
      if (sustains(top, hi)) lo = hi;
      else
        for (let step = 0; step < BISECTION_STEPS; step++) {
          const mid = (lo + hi) / 2;
          if (sustains(simulate(i, mid), mid)) lo = mid;
          else hi = mid;
          tick();
        }
      c.maxRateRps = roundRate(lo);
    }
  });
  return { capacityRps: capacity, configs, points, pareto: paretoFront(points), simulate, sustains };
}

export function toPoint(config: number, offeredRps: number, m: PointMetrics, measured: boolean): SweepPoint {
  return {
    config,
    offeredRps,
    throughputRps: m.throughputRps,
    p50Ms: m.p50Ms,
    p99Ms: m.p99Ms,
    sloPercentileMs: m.sloPercentileMs,
    meanBatch: m.meanBatch,
    utilization: m.utilization,
    servedFraction: m.servedFraction,
    measured,
  };
}

/**
 * Indices of the points no other point beats: none has at least the throughput at no more p99,
 * better in one of them. Points that did not serve what was offered are left out (their p99
 * covers completed requests only and would flatter them).
 */
export function paretoFront(points: readonly SweepPoint[]): number[] {
  const candidates = points
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.servedFraction >= SERVED_SHARE && Number.isFinite(p.p99Ms))
    .sort((a, b) => b.p.throughputRps - a.p.throughputRps || a.p.p99Ms - b.p.p99Ms);
  const front: number[] = [];
  let bestP99 = Infinity;
  for (const { p, i } of candidates) {
    if (p.p99Ms < bestP99) {
      front.push(i);
      bestP99 = p.p99Ms;
    }
  }
  return front.sort((a, b) => points[a].throughputRps - points[b].throughputRps);
}

/** Rates rounded to 3 significant digits: reproducible, and readable in a table. */
export function roundRate(rps: number): number {
  if (!(rps > 0)) return 0;
  return Number(rps.toPrecision(3));
}
