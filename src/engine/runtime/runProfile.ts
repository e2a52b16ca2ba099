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
import { fixedBatchSize, requestSizeKeys, type ModelOptions } from '../model';
import { openTarget } from '../target/target';
import { PROFILE_FORMAT, PROFILE_FORMAT_VERSION } from '../profile/profileFileTypes';
import { maxBatchOf, uniqueLabels } from '../../shared/strategies/strategyConfigs';
import { deriveSeed } from '../workload/rng';
import { calibrationSizes, deriveRate, unbatchedOverloadWarning, warmUp } from './calibration';
import { DERIVED_RATE_RULE } from '../../shared/runDefaults';
import { calibrateModel } from './modelCalibration';
import { probePipeline } from './pipelineProbe';
import { describeMachine } from './machineInfo';
import { arrivalSequence, StrategyMeasurement, TICK_MS } from './strategyRun';
import { stabilityWarning } from './stabilityWarning';
import {
  DEFAULT_SLICE_S,
  planSegments,
  sliceCount,
  turnOrder,
  type Segment,
  type StrategyOrder,
} from '../../shared/measurementPlan';
import { overloadWarning } from './overloadWarning';
import { oversubscriptionWarning, strategyTimingWarnings } from './timingWarnings';
import { WorkerPool } from './workerPool';
import pkg from '../../../package.json';

export interface RunProfileOptions {
  /** The model argument: an ONNX file's path, or a synthetic model (`synthetic:…`, see openTarget). */
  modelPath: string;
  modelOptions: ModelOptions;
  /**
   * The model as its target already described it with these options, when the caller has it:
   * inspection loads the model and probes its batch axes, so it is not worth doing twice.
   */
  model?: ModelSummary;
  /** `rateRps: null` with an open-loop arrival: derive the rate from calibration. */
  settings: RunSettings;
  /** Largest batch size to calibrate (usually the largest any strategy uses). */
  maxBatchForCalibration: number;
  onEvent?: LiveListener;
  /** Per-batch detail in the live ticks (see StrategyRunOptions.liveBatches); default true. */
  liveBatches?: boolean;
  /** Abort: arrivals stop, running batches finish, the profile comes back with partial=true. */
  signal?: AbortSignal;
  /**
   * Also measure what the engine adds per batch (pipelineProbe.ts) into the calibration: for the
   * what-if simulator (`--simulate`, sweeps). Adds ~0.6 s.
   */
  probePipeline?: boolean;
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
export const INPUT_POOL_SIZE = 64;

/**
 * Profiles every strategy in `settings.strategies` on the model. Resolves with the profile
 * (partial when aborted). Rejects with ModelError when the model cannot be loaded or profiled,
 * and with ProfileRunError (carrying the partial profile) when an instance fails mid-run.
 */
export async function runProfile(opts: RunProfileOptions): Promise<Profile> {
  const emit: LiveListener = opts.onEvent ?? (() => {});
  const settings: RunSettings = { ...opts.settings };
  const warnings: string[] = [];
  /** Warnings already emitted as they arose (not again at the end). */
  const said = new Set<string>();
  const target = openTarget(opts.modelPath, opts.modelOptions);
  if (!opts.model) emit({ kind: 'stage', stage: 'loading', message: `Inspecting ${opts.modelPath}` });
  const [model, machine] = await Promise.all([opts.model ?? target.describe(), describeMachine()]);
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
  const arrivalSeed = deriveSeed(settings.seed, 2);
  const sizeKeys = requestSizeKeys(model, inputSeed, INPUT_POOL_SIZE);
  const sizeKeyOf = (id: number): number => sizeKeys[id % sizeKeys.length];
  const pool = await WorkerPool.start({
    instances: settings.instances,
    maxBatch,
    executor: target.executor({ summary: model, settings, inputSeed, inputPoolSize: INPUT_POOL_SIZE }),
  });
  const gpu = machine.gpu ? new GpuSampler() : null;
  try {
    const sizes = calibrationSizes(Math.min(maxBatch, model.maxBatchSupported ?? maxBatch));
    emit({ kind: 'stage', stage: 'warmup', message: 'Warming up' });
    await warmUp(pool, model.batchable ? sizes : [1], settings.warmupS * 1000, opts.signal);
    const calibrated = await calibrateModel(pool, model, {
      sizes: model.batchable ? sizes : [1],
      inputSeed,
      inputPoolSize: INPUT_POOL_SIZE,
      pace: settings,
      signal: opts.signal,
      onStage: (message) => emit({ kind: 'stage', stage: 'calibrating', message }),
    });
    profile.calibration = calibrated.points;
    profile.calibrationDetail = calibrated.detail;
    if (opts.probePipeline && !opts.signal?.aborted) {
      emit({ kind: 'stage', stage: 'calibrating', message: 'Measuring what the engine adds per batch' });
      const pipeline = await probePipeline(pool, sizeKeyOf, opts.signal);
      if (pipeline) profile.calibrationDetail = { ...calibrated.detail, pipeline };
    }
    const deriving = settings.rateRps === null && settings.arrival.kind !== 'closed' && needsRate(settings);
    const derived =
      deriving && profile.calibration.length > 0 ? deriveRate(profile.calibration, settings.instances) : null;
    // With the derived rate, as the run will use it and the profile records it.
    emit({
      kind: 'calibration',
      points: profile.calibration,
      detail: calibrated.detail,
      ...(derived !== null ? { derivedRateRps: derived } : {}),
    });
    if (deriving) {
      if (derived === null) {
        profile.partial = true;
        return profile;
      }
      settings.rateRps = derived;
      settings.rateDerived = true;
      emit({
        kind: 'stage',
        stage: 'calibrating',
        message: `No rate given: using ${settings.rateRps.toLocaleString('en-US')} requests/s (${DERIVED_RATE_RULE}: batch ${profile.calibration[profile.calibration.length - 1].batchSize} on ${settings.instances} instance(s)).`,
      });
      const overload = settings.strategies.some((c) => c.name === 'none')
        ? unbatchedOverloadWarning(settings.rateRps, profile.calibration, settings.instances)
        : null;
      if (overload) {
        // Said now, before "none" runs, and kept among the profile's warnings.
        warnings.push(overload);
        said.add(overload);
        emit({ kind: 'warning', message: overload });
      }
    }

    gpu?.start(TICK_MS);
    emit({ kind: 'stage', stage: 'running', message: runningMessage(settings) });
    const plan = planFor(settings);
    const sequence = arrivalSequence(
      { arrival: settings.arrival, rateRps: settings.rateRps, seed: arrivalSeed },
      plan.segments[plan.segments.length - 1].toMs,
    );
    const measurements = settings.strategies.map(
      (config, i) =>
        new StrategyMeasurement(
          {
            index: i,
            label: labels[i],
            config,
            context: {
              calibration: profile.calibration,
              sloMs: settings.sloMs,
              instances: settings.instances,
            },
            executor: pool,
            arrival: settings.arrival,
            rateRps: settings.rateRps,
            durationS: settings.durationS,
            // The same arrival seed for every strategy: they face the same sequence.
            seed: arrivalSeed,
            sloMs: settings.sloMs,
            signal: opts.signal,
            onEvent: opts.onEvent,
            liveBatches: opts.liveBatches,
            gpu,
            fixedBatch: fixedBatchSize(model.inputs),
            // The same mix and (arrival) seed for every strategy: each request keeps its level.
            priorities: settings.priorities ?? null,
            sizeKeyOf,
            warmupS: settings.strategyWarmupS ?? 0,
            windowS: settings.windowS,
            stabilityTolerance: settings.stabilityTolerance,
            // Keeps the live windows that decide when until-stable rounds may stop (runTurns).
            untilStableMaxS: settings.untilStableMaxS ?? null,
          },
          plan.segments,
          sequence,
        ),
    );
    let failure: Error | null = null;
    const results = new Map<number, StrategyResult>();
    // Called as each strategy completes: at once in fixed order, after the last round interleaved.
    const finishOne = (i: number): void => {
      const outcome = measurements[i].finish();
      results.set(i, outcome.result);
      const overload = overloadWarning(outcome.result, settings, outcome.overload);
      if (overload) warnings.push(overload);
      warnings.push(...strategyTimingWarnings(outcome.result, machine.cpuCount));
      const unstable = stabilityWarning(outcome.result, settings);
      if (unstable) warnings.push(unstable);
      if (outcome.result.partial) profile.partial = true;
      if (outcome.error && !failure) {
        failure = outcome.error;
        warnings.push(`Run stopped during ${outcome.result.label}: ${outcome.error.message}`);
      }
    };
    const aborted = await runTurns(measurements, plan, settings, opts.signal, finishOne);
    if (aborted) profile.partial = true;
    // Listed as the user listed them, whatever order they ran in.
    profile.strategies = [...results.keys()].sort((a, b) => a - b).map((i) => results.get(i)!);
    if (failure) throw new ProfileRunError((failure as Error).message, profile);
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
  for (const w of warnings) if (!said.has(w)) emit({ kind: 'warning', message: w });
  emit({ kind: 'stage', stage: 'done', message: profile.partial ? 'Stopped (partial profile)' : 'Done' });
  return profile;
}

/** The segments every strategy runs, and how many of them measure the duration (until-stable may add more). */
function planFor(settings: RunSettings): { segments: Segment[]; order: StrategyOrder; minSegments: number } {
  const order = settings.order ?? 'fixed';
  const durationMs = settings.durationS * 1000;
  const sliceMs = Math.min((settings.sliceS ?? DEFAULT_SLICE_S) * 1000, durationMs);
  const maxMs = settings.untilStableMaxS ? Math.max(durationMs, settings.untilStableMaxS * 1000) : durationMs;
  const segments = planSegments(
    { durationMs, warmupMs: (settings.strategyWarmupS ?? 0) * 1000, order, sliceMs },
    maxMs,
  );
  return { segments, order, minSegments: order === 'interleaved' ? sliceCount(durationMs, sliceMs) : 1 };
}

/**
 * Runs the strategies' turns: each strategy's one segment in the given or reversed order, or, for
 * interleaved, round after round of one slice per strategy. Until-stable extends a fixed-order
 * strategy by itself, and an interleaved run by whole rounds until every strategy is stable.
 * Stops at an abort or at the first strategy that failed. `finish(i)` is called once for every
 * strategy that started, as soon as it is complete. Returns whether the run was aborted.
 */
async function runTurns(
  measurements: StrategyMeasurement[],
  plan: { segments: Segment[]; order: StrategyOrder; minSegments: number },
  settings: RunSettings,
  signal: AbortSignal | undefined,
  finish: (i: number) => void,
): Promise<boolean> {
  const started = new Set<number>();
  const untilStable = !!settings.untilStableMaxS;
  const failed = (): boolean => measurements.some((m, i) => started.has(i) && m.stopped);
  // The engine warms up on the first strategy's traffic before anything is measured (see warmEngine).
  const first = turnOrder(measurements.length, plan.order)[0];
  if (first !== undefined && !signal?.aborted)
    await measurements[first].warmEngine((settings.strategyWarmupS ?? 0) * 1000);
  if (plan.order !== 'interleaved') {
    for (const i of turnOrder(measurements.length, plan.order)) {
      if (signal?.aborted || failed()) break;
      started.add(i);
      await measurements[i].runSegment(0, untilStable);
      finish(i);
    }
  } else {
    rounds: for (let k = 0; k < plan.segments.length; k++) {
      for (let i = 0; i < measurements.length; i++) {
        if (signal?.aborted || failed()) break rounds;
        started.add(i);
        await measurements[i].runSegment(k);
      }
      const enough = k + 1 >= plan.minSegments;
      if (
        enough &&
        (!untilStable || measurements.every((m) => m.stabilitySoFar(plan.segments[k].toMs).stable === true))
      )
        break;
    }
    for (const i of [...started].sort((a, b) => a - b)) finish(i);
  }
  return signal?.aborted === true;
}

function runningMessage(settings: RunSettings): string {
  const order = settings.order ?? 'fixed';
  const warm = settings.strategyWarmupS ? `, each after ${settings.strategyWarmupS}s of its own warm-up` : '';
  if (order === 'interleaved')
    return `Running strategies interleaved, in slices of ${Math.min(settings.sliceS ?? DEFAULT_SLICE_S, settings.durationS)}s${warm}`;
  return `Running strategies${order === 'reversed' ? ' in reverse order' : ''}${warm}`;
}

/** Trace arrivals carry their own timing; every other open-loop pattern needs a rate. */
function needsRate(settings: RunSettings): boolean {
  return settings.arrival.kind !== 'trace' && settings.arrival.kind !== 'ramp';
}
