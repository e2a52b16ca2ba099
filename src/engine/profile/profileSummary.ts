/**
 * The summary of a profile as the CLI prints it (table and `--json`), built only from the
 * profile, so `batchscope show saved.json` prints the same numbers the run printed, and the
 * panel's Open Profile can use the same function.
 */
import type {
  CalibrationPoint,
  LevelSummary,
  ModelTarget,
  Percentiles,
  Profile,
  RunSettings,
  SimulationInfo,
  StrategyConfig,
  StrategyResult,
  StrategySummary,
  TensorSignature,
} from '../../shared/profileTypes';
import { assessOverload, overloadContext } from '../metrics/overload';
import { stabilityOf } from '../metrics/stabilityOf';
import { padFractionOf, summarizeStrategy } from '../metrics/summarize';

/** One strategy's row of the summary. */
export interface StrategyReport {
  name: StrategyConfig['name'];
  label: string;
  config: StrategyConfig;
  requests: number;
  completed: number;
  /** Requests turned away by the strategy (queue full, timed out, shed); 0 in older profiles. */
  rejected: number;
  batches: number;
  throughputRps: number;
  latencyMs: Percentiles;
  queueMs: Percentiles;
  computeMs: Percentiles;
  batchSize: { mean: number; max: number };
  cpuPercent: number;
  systemCpuPercent: number;
  /** Share (0..1) of requests within the SLO, null without `--slo-ms`. */
  goodput: number | null;
  paddingRatio: number;
  /** Share (0..1) of computed input elements that were padding (recomputed from the batches for older profiles). */
  padFraction: number;
  /** Per priority level (0 = highest), when the traffic had several levels. */
  levels?: LevelSummary[];
  delayHonour: StrategySummary['delayHonour'];
  partial: boolean;
  /**
   * True when the strategy could not keep up with the offered load: requests never ran (the
   * drain after the window was cut short) or its queue grew during the window. Its latency
   * percentiles then cover completed requests only and understate the real latency.
   */
  overloaded: boolean;
  /**
   * Whether the last stability windows agreed (see stability.ts); null when too few windows were
   * measured to tell, or the profile predates stability windows.
   */
  stable: boolean | null;
  /** Why, in words: how much throughput and p99 varied over the last windows. */
  stabilityReason: string | null;
}

/** The CLI's `--json` object, less the file paths the CLI adds. */
export interface ProfileReport {
  /** `target` only when the model was not an ONNX file (a synthetic model). */
  model: { path: string; inputs: TensorSignature[]; outputs: TensorSignature[]; target?: ModelTarget };
  settings: RunSettings;
  calibration: Array<Pick<CalibrationPoint, 'batchSize' | 'latencyMs' | 'throughput' | 'lightLoad'>>;
  strategies: StrategyReport[];
  warnings: string[];
  partial: boolean;
  /** Present when the results were simulated, not measured (Profile.simulated). */
  simulated?: SimulationInfo;
}

/** The summary rows and metadata of a profile, from its stored per-strategy summaries. */
export function summaryFromProfile(profile: Profile): ProfileReport {
  return {
    model: {
      path: profile.model.path,
      inputs: profile.model.inputs,
      outputs: profile.model.outputs,
      ...(profile.model.target ? { target: profile.model.target } : {}),
    },
    settings: profile.settings,
    calibration: profile.calibration.map((c) => ({
      batchSize: c.batchSize,
      latencyMs: c.latencyMs,
      throughput: c.throughput,
      ...(c.lightLoad ? { lightLoad: c.lightLoad } : {}),
    })),
    strategies: profile.strategies.map((s) => strategyReport(s, profile.settings)),
    warnings: profile.warnings,
    partial: profile.partial,
    ...(profile.simulated ? { simulated: profile.simulated } : {}),
  };
}

function strategyReport(s: StrategyResult, settings: RunSettings): StrategyReport {
  const m = s.summary;
  return {
    name: s.config.name,
    label: s.label,
    config: s.config,
    requests: m.requests,
    completed: m.completed,
    rejected: m.rejected ?? 0,
    batches: m.batches,
    throughputRps: m.throughputRps,
    latencyMs: m.latencyMs,
    queueMs: m.queueMs,
    computeMs: m.computeMs,
    batchSize: m.batchSize,
    cpuPercent: m.cpuPercent,
    systemCpuPercent: m.systemCpuPercent,
    goodput: m.goodput,
    paddingRatio: m.paddingRatio,
    padFraction: m.padFraction ?? padFractionOf(s.batches),
    ...(m.levels ? { levels: m.levels } : {}),
    delayHonour: m.delayHonour,
    partial: s.partial,
    overloaded: assessOverload(s.requests, s.batches, overloadContext(s, settings)).overloaded,
    stable: m.stability?.stable ?? null,
    stabilityReason: m.stability?.reason ?? null,
  };
}

/**
 * Recomputes a strategy's summary from its raw columns (what a reader of the file can check the
 * stored summary against). CPU figures and the delay-honour statistics are not derivable from
 * the columns, so they are taken from the stored summary.
 */
export function resummarizeStrategy(s: StrategyResult, settings: RunSettings): StrategySummary {
  const summary = summarizeStrategy({
    requests: s.requests,
    batches: s.batches,
    processCpuPercent: s.summary.cpuPercent,
    systemCpuPercent: s.summary.systemCpuPercent,
    sloMs: settings.sloMs,
    delayHonour: s.summary.delayHonour,
    levels: settings.priorities?.length,
    measured: s.measured,
  });
  const st = s.summary.stability;
  if (st && s.measured) summary.stability = stabilityOf(s.requests, s.measured, st.windowMs, st.tolerance);
  return summary;
}
