/**
 * Verification: the recommended configuration run for real on the model at the recommended rate,
 * its measurement set beside the prediction. When it misses the SLO the next candidate is tried.
 */
import type { ModelSummary, Profile, RunSettings, StrategyConfig } from '../../shared/profileTypes';
import type { Prediction, SweepSettings } from '../../shared/sweep/sweepTypes';
import { RUN_DEFAULTS } from '../../shared/runDefaults';
import type { ModelOptions } from '../model/modelOptions';
import { runProfile } from '../runtime/runProfile';
import { pointMetrics } from './pointMetrics';
import type { LiveListener } from '../../shared/liveEvents';

export interface RealRunRequest {
  modelPath: string;
  modelOptions: ModelOptions;
  model: ModelSummary;
  config: StrategyConfig;
  instances: number;
  rateRps: number;
  durationS: number;
  warmupS: number;
  seed: number;
  sloMs: number | null;
  onEvent?: LiveListener;
  signal?: AbortSignal;
}

/** The settings of a real run of one configuration at one rate (Poisson, as the sweep simulates). */
export function realRunSettings(r: RealRunRequest): RunSettings {
  return {
    arrival: { kind: 'poisson' },
    rateRps: r.rateRps,
    rateDerived: false,
    durationS: r.durationS,
    warmupS: r.warmupS,
    strategyWarmupS: RUN_DEFAULTS.strategyWarmupS,
    order: 'fixed',
    instances: r.instances,
    threads: r.modelOptions.threads,
    provider: r.modelOptions.provider,
    sloMs: r.sloMs,
    seed: r.seed,
    strategies: [r.config],
  };
}

/** Runs one configuration for real; resolves with its profile. */
export function runForReal(r: RealRunRequest): Promise<Profile> {
  return runProfile({
    modelPath: r.modelPath,
    modelOptions: r.modelOptions,
    model: r.model,
    settings: realRunSettings(r),
    maxBatchForCalibration: 1,
    onEvent: r.onEvent,
    liveBatches: false,
    signal: r.signal,
  });
}

/**
 * The measured side of a prediction: p50 and p99 as the real run's summary has them, the SLO's
 * percentile from its raw records the way a sweep point computes it (pointMetrics).
 */
export function measuredPrediction(profile: Profile, settings: SweepSettings): Prediction {
  const s = profile.strategies[0];
  const m = s.summary;
  const pct = settings.slo?.percentile ?? null;
  return {
    p50Ms: m.latencyMs.p50,
    p99Ms: m.latencyMs.p99,
    sloPercentileMs: pointMetrics(s.requests, s.batches, s.measured ?? [], profile.settings.instances, pct)
      .sloPercentileMs,
    throughputRps: m.throughputRps,
  };
}
