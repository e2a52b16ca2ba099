/**
 * A whole sweep, as the CLI and the panel's engine process both run it: calibrate the model once,
 * simulate the grid, optionally measure every point on the model, recommend under the SLO and
 * verify the recommendation on the model (the next candidate when it misses). Reports each stage
 * and hands out the sweep as it grows (simulated at once, measured points as they come), so a
 * viewer can draw it live.
 */
import pkg from '../../../package.json';
import type { ModelSummary, Profile, RunSettings, StrategyConfig } from '../../shared/profileTypes';
import { RUN_LIMITS } from '../../shared/runDefaults';
import { maxBatchOf } from '../../shared/strategies/strategyConfigs';
import {
  SWEEP_FORMAT,
  SWEEP_FORMAT_VERSION,
  type Prediction,
  type SweepFile,
  type SweepSettings,
  type Verification,
} from '../../shared/sweep/sweepTypes';
import type { ModelOptions } from '../model/modelOptions';
import { describeMachine } from '../runtime/machineInfo';
import { runProfile } from '../runtime/runProfile';
import { pointMetrics } from './pointMetrics';
import { rankCandidates, recommendationFor } from './recommend';
import { simulateSweep, toPoint, type SimulatedSweep } from './simulateSweep';
import { measuredPrediction, runForReal } from './verifyRecommendation';

/** Candidates tried on the real model before giving up. */
export const MAX_VERIFICATIONS = 3;

export interface RunSweepOptions {
  modelPath: string;
  modelOptions: ModelOptions;
  model: ModelSummary;
  /** Checked configurations (sweepStrategyConfigs) and the settings, whose `strategies` hold the specs as given. */
  strategies: StrategyConfig[];
  settings: SweepSettings;
  warmupS: number;
  verify: boolean;
  verifyDurationS: number;
  /** A stage began, in words (progress). */
  onStage?: (message: string) => void;
  /** The sweep changed (points simulated, a point measured, a verification done). */
  onUpdate?: (sweep: SweepFile) => void;
  /** Saves a verification run's profile; returns its path (null: not saved). */
  saveVerification?: (profile: Profile) => string | null;
  signal?: AbortSignal;
}

/** Runs the sweep; resolves with it (with what was done so far when aborted). Null: aborted during calibration. */
export async function runSweep(o: RunSweepOptions): Promise<SweepFile | null> {
  const stage = o.onStage ?? (() => {});
  const { settings, model } = o;
  const maxInstances = Math.max(...settings.instances);
  const maxBatch = Math.max(1, ...o.strategies.map(maxBatchOf));
  stage(`Calibrating on ${maxInstances} instance(s), batch sizes up to ${maxBatch}`);
  const started = Date.now();
  const calibrated = await runProfile({
    modelPath: o.modelPath,
    modelOptions: o.modelOptions,
    model,
    settings: calibrationSettings(o, maxInstances),
    maxBatchForCalibration: model.batchable ? maxBatch : 1,
    liveBatches: false,
    signal: o.signal,
    probePipeline: true,
  });
  if (o.signal?.aborted || calibrated.calibration.length === 0) return null;

  stage(`Simulating ${o.strategies.length * settings.instances.length} configurations`);
  const t0 = Date.now();
  const sim = simulateSweep({
    model,
    calibration: calibrated.calibration,
    calibrationDetail: calibrated.calibrationDetail,
    settings,
    strategies: o.strategies,
  });
  const sweep: SweepFile = {
    format: SWEEP_FORMAT,
    version: SWEEP_FORMAT_VERSION,
    createdAt: new Date(started).toISOString(),
    tool: { name: 'batchscope', version: pkg.version },
    machine: await describeMachine(),
    model,
    executionProvider: o.modelOptions.provider,
    calibration: calibrated.calibration,
    ...(calibrated.calibrationDetail ? { calibrationDetail: calibrated.calibrationDetail } : {}),
    settings,
    capacityRps: sim.capacityRps,
    configs: sim.configs,
    points: sim.points,
    pareto: sim.pareto,
    recommendation: null,
    verifications: [],
    warnings: [...calibrated.warnings],
  };
  stage(
    `Simulated ${sim.configs.length} configurations × ${sim.points.length / sim.configs.length} rates in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  recommend(sweep, sim);
  o.onUpdate?.(sweep);

  if (settings.measure) await measurePoints(o, sweep, sim, stage);
  if (o.verify && sweep.recommendation && !o.signal?.aborted) await verifyCandidates(o, sweep, sim, stage);
  return sweep;
}

/** Ranks the candidates and sets the first as the recommendation (or says why there is none). */
function recommend(sweep: SweepFile, sim: SimulatedSweep): void {
  const settings = sweep.settings;
  if (!settings.slo) {
    sweep.noRecommendation = 'no SLO was given: set one (--slo-ms) to get a recommendation.';
    return;
  }
  const ranked = rankCandidates(sim, settings);
  if (ranked.length === 0) {
    sweep.noRecommendation =
      settings.targetRps !== null
        ? `no configuration sustains ${settings.targetRps} req/s within the SLO and its margin; the best sustains ` +
          `${Math.max(0, ...sim.configs.map((c) => c.maxRateRps ?? 0))} req/s. Add instances, loosen the SLO or lower the target.`
        : 'no configuration meets the SLO even at the lowest rate tried: the model alone is slower than the SLO allows.';
    return;
  }
  sweep.recommendation = recommendationFor(sim, settings, ranked[0], 0);
  candidatesOf.set(sweep, ranked);
}

/** The ranked candidates of each sweep this process made (verification walks them in order). */
const candidatesOf = new WeakMap<SweepFile, number[]>();

/**
 * Runs the recommendation for real; when it misses the SLO, recommends and runs the next
 * candidate, up to MAX_VERIFICATIONS.
 */
export async function verifyCandidates(
  o: Pick<
    RunSweepOptions,
    'modelPath' | 'modelOptions' | 'verifyDurationS' | 'warmupS' | 'onUpdate' | 'saveVerification' | 'signal'
  >,
  sweep: SweepFile,
  sim: SimulatedSweep,
  stage: (message: string) => void,
): Promise<void> {
  const ranked = candidatesOf.get(sweep) ?? rankCandidates(sim, sweep.settings);
  const slo = sweep.settings.slo!;
  let rank = -1;
  for (const index of ranked) {
    const rec =
      rank === -1 && sweep.recommendation?.configIndex === index
        ? sweep.recommendation
        : recommendationFor(sim, sweep.settings, index, rank + 1);
    if (!rec) continue;
    rank++;
    sweep.recommendation = rec;
    if (o.signal?.aborted) break;
    if (rank >= MAX_VERIFICATIONS) {
      rec.reasons.push(
        `Not verified: ${MAX_VERIFICATIONS} candidates were measured and each missed the SLO, so the simulation is ` +
          'optimistic for this model here. Check it with a profile run at a lower rate before relying on it.',
      );
      break;
    }
    stage(`Verifying ${rec.label} at ${rec.rateRps} req/s on the model for ${o.verifyDurationS} s`);
    const v = await verifyOne(o, sweep, rec.configIndex, rec.rateRps, rec.predicted);
    sweep.verifications.push(v);
    rec.measured = v.measured;
    rec.verified = v.metSlo;
    o.onUpdate?.(sweep);
    if (v.metSlo) break;
    stage(
      `${rec.label} missed the SLO when measured (p${slo.percentile} ${v.measured.sloPercentileMs.toFixed(2)} ms); trying the next candidate`,
    );
  }
}

async function verifyOne(
  o: Pick<
    RunSweepOptions,
    'modelPath' | 'modelOptions' | 'verifyDurationS' | 'warmupS' | 'saveVerification' | 'signal'
  >,
  sweep: SweepFile,
  configIndex: number,
  rateRps: number,
  predicted: Prediction,
): Promise<Verification> {
  const c = sweep.configs[configIndex];
  const profile = await runForReal({
    modelPath: o.modelPath,
    modelOptions: o.modelOptions,
    model: sweep.model,
    config: c.config,
    instances: c.instances,
    rateRps,
    durationS: o.verifyDurationS,
    warmupS: Math.min(o.warmupS, 1),
    seed: sweep.settings.seed,
    sloMs: sweep.settings.slo?.ms ?? null,
    signal: o.signal,
  });
  const measured = measuredPrediction(profile, sweep.settings);
  return {
    configIndex,
    label: c.label,
    rateRps,
    predicted,
    measured,
    metSlo: !profile.partial && measured.sloPercentileMs <= sweep.settings.slo!.ms,
    profilePath: o.saveVerification ? o.saveVerification(profile) : null,
  };
}

function calibrationSettings(
  o: Pick<RunSweepOptions, 'warmupS' | 'modelOptions' | 'settings'>,
  instances: number,
): RunSettings {
  return {
    arrival: { kind: 'poisson' },
    // A rate is given so none is derived; no strategy runs.
    rateRps: 1,
    rateDerived: false,
    durationS: 1,
    warmupS: o.warmupS,
    strategyWarmupS: 0,
    order: 'fixed',
    instances,
    threads: o.modelOptions.threads,
    provider: o.modelOptions.provider,
    sloMs: o.settings.slo?.ms ?? null,
    seed: o.settings.seed,
    strategies: [],
  };
}

/**
 * Measures every point on the model: each instance count and rate is one profile run of every
 * configuration on the same arrivals (several runs when there are more than a run takes), in
 * order of rate, with the time left estimated from the runs so far.
 */
async function measurePoints(
  o: RunSweepOptions,
  sweep: SweepFile,
  sim: SimulatedSweep,
  stage: (m: string) => void,
): Promise<void> {
  const rates = [...new Set(sweep.points.map((p) => p.offeredRps))].sort((a, b) => a - b);
  const groups = sweep.settings.instances.flatMap((k) => rates.map((rate) => ({ k, rate })));
  const start = Date.now();
  let done = 0;
  for (const { k, rate } of groups) {
    if (o.signal?.aborted) break;
    const indices = sim.configs.map((c, i) => ({ c, i })).filter(({ c }) => c.instances === k);
    const elapsed = (Date.now() - start) / 1000;
    const left = done > 0 ? (elapsed / done) * (groups.length - done) : NaN;
    stage(
      `Measuring ${indices.length} configuration(s) on ${k} instance(s) at ${rate} req/s ` +
        `(${done + 1}/${groups.length}${Number.isFinite(left) ? `, about ${Math.ceil(left)} s left` : ''})`,
    );
    for (let from = 0; from < indices.length; from += RUN_LIMITS.maxStrategies) {
      const part = indices.slice(from, from + RUN_LIMITS.maxStrategies);
      const profile = await runProfile({
        modelPath: o.modelPath,
        modelOptions: o.modelOptions,
        model: sweep.model,
        settings: {
          ...calibrationSettings(o, k),
          rateRps: rate,
          durationS: sweep.settings.pointDurationS,
          warmupS: Math.min(o.warmupS, 0.5),
          strategyWarmupS: 0.3,
          strategies: part.map(({ c }) => c.config),
        },
        maxBatchForCalibration: 1,
        liveBatches: false,
        signal: o.signal,
      });
      profile.strategies.forEach((s, j) => {
        const m = pointMetrics(
          s.requests,
          s.batches,
          s.measured ?? [],
          k,
          sweep.settings.slo?.percentile ?? null,
        );
        sweep.points.push(toPoint(part[j].i, rate, m, true));
      });
      o.onUpdate?.(sweep);
    }
    done++;
  }
}
