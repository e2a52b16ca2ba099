/**
 * Turns a run config (the panel's form, or a run configuration from .batchscope/config.json)
 * into what the engine needs: the one path from settings to a run, shared by the extension host
 * and the CLI, so a configuration runs the same in the editor and in CI. Pure: no `vscode`, no fs.
 */
import { DEFAULT_STABILITY_TOLERANCE, defaultWindowS } from './stability';
import type { EngineModelOptions } from './engineProtocol';
import { isPanelRunConfig, validateRunConfig, type PanelRunConfig } from './panelProtocol';
import type { ModelSummary, RunSettings } from './profileTypes';
import { normalisePriorities, RUN_DEFAULTS } from './runDefaults';
import { completeConfig, maxBatchOf as strategyMaxBatch } from './strategies/strategyConfigs';
import type { ParamValue } from './strategies/strategyParams';

export interface EngineRunPlan {
  settings: RunSettings;
  modelOptions: EngineModelOptions;
  maxBatchForCalibration: number;
}

/** The config could not be used; `message` lists every problem, one per line (`field: message`). */
export class RunConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunConfigError';
  }
}

/**
 * Merge defaults with overrides (from a command argument or the form), check the shape and the
 * values against the model, and return the config. Throws {@link RunConfigError} with the reasons.
 */
export function mergeRunConfig(
  defaults: PanelRunConfig,
  overrides: unknown,
  model: ModelSummary | undefined,
): PanelRunConfig {
  if (
    overrides !== undefined &&
    (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))
  )
    throw new RunConfigError('The run options must be an object of run settings.');
  const merged: unknown = { ...defaults, ...(overrides as object | undefined) };
  if (!isPanelRunConfig(merged))
    throw new RunConfigError(
      'The run options have unknown fields or wrong types; expected the fields of PanelRunConfig (strategies, arrival, rateRps, durationS, warmupS, instances, threads, provider, dims, fixedInputs, sloMs, seed, priorities, strategyWarmupS, order, untilStable, batchAxes).',
    );
  // Parameters left out take their defaults, as on the command line: { name: 'dynamic' } runs.
  merged.strategies = merged.strategies.map((s) =>
    completeConfig(s.name, s as Record<string, ParamValue>, {
      maxBatch: RUN_DEFAULTS.maxBatch,
      maxDelayMs: RUN_DEFAULTS.maxDelayMs,
      preferredBatch: [],
      sloMs: merged.sloMs,
    }),
  );
  const errors = validateRunConfig(merged, model);
  if (errors.length > 0) throw new RunConfigError(errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
  return merged;
}

/**
 * Engine settings for a config that passed {@link mergeRunConfig}. `configurationName`: the run
 * configuration the config came from unchanged, recorded in the profile's settings.
 */
export function planEngineRun(config: PanelRunConfig, configurationName?: string): EngineRunPlan {
  // A closed loop paces itself and a ramp carries its own rates: no offered rate to record or derive.
  const rated = config.arrival.kind !== 'closed' && config.arrival.kind !== 'ramp';
  const settings: RunSettings = {
    arrival: config.arrival,
    rateRps: rated ? config.rateRps : null,
    rateDerived: rated && config.rateRps === null,
    durationS: config.durationS,
    warmupS: config.warmupS,
    strategyWarmupS: config.strategyWarmupS ?? RUN_DEFAULTS.strategyWarmupS,
    order: config.order ?? 'fixed',
    windowS: defaultWindowS(config.durationS),
    stabilityTolerance: DEFAULT_STABILITY_TOLERANCE,
    untilStableMaxS: config.untilStable ? config.durationS * RUN_DEFAULTS.untilStableFactor : null,
    instances: config.instances,
    threads: config.threads,
    provider: config.provider,
    sloMs: config.sloMs,
    seed: config.seed,
    strategies: config.strategies,
    priorities: priorityShares(config.priorities),
    ...(configurationName !== undefined ? { configuration: configurationName } : {}),
  };
  const dims: EngineModelOptions['dims'] = {};
  for (const d of config.dims) dims[d.name] = { min: d.min, max: d.max };
  return {
    settings,
    modelOptions: {
      dims,
      fixedInputs: config.fixedInputs,
      batchAxes: config.batchAxes ?? {},
      provider: config.provider,
      threads: config.threads,
    },
    maxBatchForCalibration: maxBatchOf(config),
  };
}

/**
 * The mix as shares that sum to 1, as `--priorities` records it: the form and a configuration may
 * give weights (1, 4), and the profile schema takes shares.
 */
function priorityShares(priorities: number[] | null): number[] | null {
  if (priorities === null) return null;
  const shares = normalisePriorities(priorities);
  return typeof shares === 'string' ? priorities : shares;
}

/** The largest batch any strategy may form (calibration measures up to it). */
export function maxBatchOf(config: Pick<PanelRunConfig, 'strategies'>): number {
  return Math.max(1, ...config.strategies.map(strategyMaxBatch));
}
