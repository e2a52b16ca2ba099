/**
 * `--simulate`: the strategies of a run simulated from its calibration instead of measured. Same
 * settings, same arrival sequence (same seed), same measured intervals, same profile format;
 * the profile is marked `simulated`.
 */
import type { Profile, StrategyResult } from '../../shared/profileTypes';
import { planSegments } from '../../shared/measurementPlan';
import { uniqueLabels } from '../../shared/strategies/strategyConfigs';
import { fixedBatchSize } from '../model/batchAssembly';
import { requestSizeKeys } from '../model/requestInputs';
import { arrivalSequence } from '../runtime/strategyRun';
import { INPUT_POOL_SIZE } from '../runtime/runProfile';
import { deriveSeed } from '../workload/rng';
import { latencyModelOf } from './latencyModelOf';
import { simulateStrategy } from './simulateStrategy';

/**
 * Fills `profile.strategies` (which must be empty: a profile with calibration and a resolved rate,
 * as runProfile returns for no strategies) with simulated results and marks the profile simulated.
 */
export function simulateProfile(profile: Profile): Profile {
  const settings = profile.settings;
  const built = latencyModelOf(profile.calibration, profile.calibrationDetail);
  const inputSeed = deriveSeed(settings.seed, 1);
  const arrivalSeed = deriveSeed(settings.seed, 2);
  const sizeKeys = requestSizeKeys(profile.model, inputSeed, INPUT_POOL_SIZE);
  const sizeKeyOf = (id: number): number => sizeKeys[id % sizeKeys.length];
  const durationMs = settings.durationS * 1000;
  // Every strategy of a fixed-order run covers the same segment: its warm-up, then the duration.
  const segments = planSegments({
    durationMs,
    warmupMs: (settings.strategyWarmupS ?? 0) * 1000,
    order: 'fixed',
    sliceMs: durationMs,
  });
  const sequence = arrivalSequence(
    { arrival: settings.arrival, rateRps: settings.rateRps, seed: arrivalSeed },
    segments[segments.length - 1].toMs,
  );
  const labels = uniqueLabels(settings.strategies);
  const strategies: StrategyResult[] = settings.strategies.map((config, i) =>
    simulateStrategy({
      label: labels[i],
      config,
      context: { calibration: profile.calibration, sloMs: settings.sloMs, instances: settings.instances },
      model: built.model,
      instances: settings.instances,
      arrival: settings.arrival,
      sequence,
      segments,
      sloMs: settings.sloMs,
      seed: arrivalSeed,
      fixedBatch: fixedBatchSize(profile.model.inputs),
      sizeKeyOf,
      lengthVaries: built.lengthScaling,
      handoffMs: built.handoffMs,
      returnMs: built.returnMs,
      cold: built.cold,
      overhead: built.overhead,
      priorities: settings.priorities ?? null,
      windowS: settings.windowS,
      stabilityTolerance: settings.stabilityTolerance,
    }),
  );
  return {
    ...profile,
    strategies,
    simulated: {
      from: 'calibration',
      latencyDraws: built.model.fromSamples ? 'samples' : 'lognormal',
      lengthScaling: built.lengthScaling,
      concurrencyScaling: built.concurrencyScaling,
      engineOverhead: built.handoffMs + built.returnMs > 0,
      coldStart: built.cold !== null,
    },
  };
}
