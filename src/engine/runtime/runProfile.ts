/**
 * The whole profiling run: inspect the model, start the instances, warm up, calibrate, derive a
 * rate if none was given, then run each strategy in turn on the same arrival sequence, and
 * return everything as one Profile. The caller's thread only schedules; inference runs in the
 * workers.
 */
import * as ort from 'onnxruntime-node';
import type { LiveListener } from '../../shared/liveEvents';
import type {
  CalibrationPoint,
  ModelSummary,
  Profile,
  RunSettings,
  StrategyResult,
} from '../../shared/profileTypes';
import { GpuSampler } from '../metrics/gpuSampler';
import { fixedBatchSize, inspectModel, requestSizeKeys, type ModelOptions } from '../model';
import { PROFILE_FORMAT, PROFILE_FORMAT_VERSION } from '../profile/profileFileTypes';
import { maxBatchOf, uniqueLabels } from '../../shared/strategies/strategyConfigs';
import { deriveSeed } from '../workload/rng';
import { calibrate, calibrationSizes, deriveRate, warmUp } from './calibration';
import { describeMachine } from './machineInfo';
import { runStrategy, TICK_MS } from './strategyRun';
import { overloadWarning } from './overloadWarning';
import { oversubscriptionWarning, strategyTimingWarnings } from './timingWarnings';
import { WorkerPool } from './workerPool';
import pkg from '../../../package.json';

export interface RunProfileOptions {
  modelPath: string;
  modelOptions: ModelOptions;
  /**
   * The model as inspectModel already described it with these options, when the caller has it:
   * inspection loads the model and probes its batch axes, so it is not worth doing twice.
   */
  model?: ModelSummary;
  /** `rateRps: null` with an open-loop arrival: derive the rate from calibration. */
  settings: RunSettings;
  /** Largest batch size to calibrate (usually the largest any strategy uses). */
  maxBatchForCalibration: number;
  onEvent?: LiveListener;
  /** Abort: arrivals stop, running batches finish, the profile comes back with partial=true. */
  signal?: AbortSignal;
}

/**
 * A run that failed part-way (a model instance crashed or threw). `profile` holds everything
 * measured up to the failure, marked partial, with the failure among its warnings.
 */
export class ProfileRunError extends Error {
  constructor(
    message: string,
    readonly profile: Profile | null,
  ) {
    super(message);
    this.name = 'ProfileRunError';
  }
}

/** Request inputs per worker: enough variety for symbolic dims, small enough to build fast. */
const INPUT_POOL_SIZE = 64;

/**
 * Profiles every strategy in `settings.strategies` on the model. Resolves with the profile
 * (partial when aborted). Rejects with ModelError when the model cannot be loaded or profiled,
 * and with ProfileRunError (carrying the partial profile) when an instance fails mid-run.
 */
export async function runProfile(opts: RunProfileOptions): Promise<Profile> {
  const emit: LiveListener = opts.onEvent ?? (() => {});
  const settings: RunSettings = { ...opts.settings };
  const warnings: string[] = [];
  if (!opts.model) emit({ kind: 'stage', stage: 'loading', message: `Inspecting ${opts.modelPath}` });
  const [model, machine] = await Promise.all([
    opts.model ?? inspectModel(opts.modelPath, opts.modelOptions),
    describeMachine(),
  ]);
  emit({ kind: 'model', model, settings });

  const labels = uniqueLabels(settings.strategies);
  const maxBatch = Math.max(1, opts.maxBatchForCalibration, ...settings.strategies.map(maxBatchOf));
  const over = oversubscriptionWarning(settings.instances, settings.threads, machine.cpuCount);
  if (over) warnings.push(over);

  const profile: Profile = {
    format: PROFILE_FORMAT,
    version: PROFILE_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    tool: { name: 'batchscope', version: pkg.version },
    ortVersion: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown',
    executionProvider: settings.provider,
    machine,
    model,
    settings,
    calibration: [] as CalibrationPoint[],
    strategies: [] as StrategyResult[],
    partial: false,
    warnings,
  };

  emit({ kind: 'stage', stage: 'loading', message: `Starting ${settings.instances} model instance(s)` });
  // The workers draw each request's symbolic dims from (model, inputSeed, pool size); the same
  // pure draw here gives the scheduler every request's size key at arrival (bucketed batching).
  const inputSeed = deriveSeed(settings.seed, 1);
  const sizeKeys = requestSizeKeys(model, inputSeed, INPUT_POOL_SIZE);
  const sizeKeyOf = (id: number): number => sizeKeys[id % sizeKeys.length];
  const pool = await WorkerPool.start({
    instances: settings.instances,
    maxBatch,
    executor: {
      kind: 'inference',
      spec: {
        modelPath: opts.modelPath,
        modelOptions: { ...opts.modelOptions, provider: settings.provider, threads: settings.threads },
        summary: model,
        inputSeed,
        inputPoolSize: INPUT_POOL_SIZE,
      },
    },
  });
  const gpu = machine.gpu ? new GpuSampler() : null;
  try {
    const sizes = calibrationSizes(Math.min(maxBatch, model.maxBatchSupported ?? maxBatch));
    emit({ kind: 'stage', stage: 'warmup', message: 'Warming up' });
    await warmUp(pool, model.batchable ? sizes : [1], settings.warmupS * 1000, opts.signal);
    emit({ kind: 'stage', stage: 'calibrating', message: 'Calibrating latency per batch size' });
    profile.calibration = await calibrate(pool, model.batchable ? sizes : [1], { signal: opts.signal });
    emit({ kind: 'calibration', points: profile.calibration });

    if (settings.rateRps === null && settings.arrival.kind !== 'closed' && needsRate(settings)) {
      if (profile.calibration.length === 0) {
        profile.partial = true;
        return profile;
      }
      settings.rateRps = deriveRate(profile.calibration, settings.instances);
      settings.rateDerived = true;
      emit({
        kind: 'stage',
        stage: 'calibrating',
        message: `No --rate given: using ${settings.rateRps} requests/s (60% of what ${settings.instances} instance(s) can do at batch ${profile.calibration[profile.calibration.length - 1].batchSize}).`,
      });
    }

    gpu?.start(TICK_MS);
    emit({ kind: 'stage', stage: 'running', message: 'Running strategies' });
    for (let i = 0; i < settings.strategies.length; i++) {
      if (opts.signal?.aborted) {
        profile.partial = true;
        break;
      }
      const config = settings.strategies[i];
      const outcome = await runStrategy({
        index: i,
        label: labels[i],
        config,
        context: { calibration: profile.calibration, sloMs: settings.sloMs, instances: settings.instances },
        executor: pool,
        arrival: settings.arrival,
        rateRps: settings.rateRps,
        durationS: settings.durationS,
        // The same arrival seed for every strategy: they face the same sequence.
        seed: deriveSeed(settings.seed, 2),
        sloMs: settings.sloMs,
        signal: opts.signal,
        onEvent: opts.onEvent,
        gpu,
        fixedBatch: fixedBatchSize(model.inputs),
        // The same mix and (arrival) seed for every strategy: each request keeps its level.
        priorities: settings.priorities ?? null,
        sizeKeyOf,
      });
      profile.strategies.push(outcome.result);
      const overload = overloadWarning(outcome.result, settings);
      if (overload) warnings.push(overload);
      warnings.push(...strategyTimingWarnings(outcome.result, machine.cpuCount));
      if (outcome.result.partial) profile.partial = true;
      if (outcome.error) {
        warnings.push(`Run stopped during ${outcome.result.label}: ${outcome.error.message}`);
        throw new ProfileRunError(outcome.error.message, profile);
      }
    }
  } catch (err) {
    if (err instanceof ProfileRunError) throw err;
    // A failure during warm-up or calibration: nothing measured is lost beyond what is kept here.
    profile.partial = true;
    const message = err instanceof Error ? err.message : String(err);
    warnings.push(`Run stopped: ${message}`);
    throw new ProfileRunError(message, profile);
  } finally {
    gpu?.stop();
    await pool.close();
  }
  for (const w of warnings) emit({ kind: 'warning', message: w });
  emit({ kind: 'stage', stage: 'done', message: profile.partial ? 'Stopped (partial profile)' : 'Done' });
  return profile;
}

/** Trace arrivals carry their own timing; every other open-loop pattern needs a rate. */
function needsRate(settings: RunSettings): boolean {
  return settings.arrival.kind !== 'trace' && settings.arrival.kind !== 'ramp';
}
