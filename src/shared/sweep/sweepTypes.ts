/**
 * A sweep: many configurations (strategy parameters × instance count) at many offered rates,
 * simulated from one calibration of the model, summarized as curves, a Pareto front, the largest
 * rate each configuration sustains under the SLO, and a recommendation — verified on the real
 * model when asked. Saved as a file of its own kind (format `batchscope-sweep`) beside profiles.
 * Node-free: the panel and the report read it too.
 */
import type {
  CalibrationDetail,
  CalibrationPoint,
  MachineInfo,
  ModelSummary,
  StrategyConfig,
} from '../profileTypes';

export const SWEEP_FORMAT = 'batchscope-sweep';
export const SWEEP_FORMAT_VERSION = 1;

/** The latency objective: `percentile` of latency at most `ms`. */
export interface SweepSlo {
  ms: number;
  /** 50..99.99; 99 for p99. */
  percentile: number;
}

/** What was swept and how. */
export interface SweepSettings {
  /** Strategy specs as given, with `a|b|c` alternatives (`dynamic(max=1|2|4, delay=0|2)`). */
  strategies: string[];
  instances: number[];
  /** Offered rates: absolute (req/s) or fractions of the measured capacity. */
  rates: { kind: 'rps'; values: number[] } | { kind: 'capacity'; values: number[] };
  slo: SweepSlo | null;
  /** Keep the predicted percentile at most (1 − margin) × SLO. */
  margin: number;
  /** The rate the recommendation must sustain, req/s; null: the most throughput. */
  targetRps: number | null;
  /** Simulated traffic per point, s of virtual time (at least `minRequests` requests). */
  pointDurationS: number;
  seed: number;
  /** Points were measured on the model (--measure), not simulated. */
  measure: boolean;
}

/** One configuration of the sweep: a strategy config on a number of instances. */
export interface SweepConfig {
  /** e.g. `dynamic(max=8, delay=2ms) ×2` */
  label: string;
  config: StrategyConfig;
  instances: number;
  /**
   * The largest offered rate at which its SLO percentile stays within (1 − margin) × SLO and it
   * serves what is offered, req/s; null without an SLO, 0 when even the lowest rate misses.
   */
  maxRateRps: number | null;
}

/** One configuration at one offered rate. */
export interface SweepPoint {
  /** Index into SweepFile.configs. */
  config: number;
  offeredRps: number;
  throughputRps: number;
  p50Ms: number;
  p99Ms: number;
  /** The SLO's percentile (equals p99Ms for a p99 SLO); NaN without an SLO. */
  sloPercentileMs: number;
  meanBatch: number;
  /** Share of instance time spent computing. */
  utilization: number;
  /** Completed ÷ offered over the measured time (below 1: overloaded, or rejected). */
  servedFraction: number;
  /** Measured on the model (--measure, or a verification) rather than simulated. */
  measured: boolean;
}

/** Which constraint decides how far the recommendation can go. */
export type BindingConstraint = 'compute' | 'delay' | 'slo';

export interface Prediction {
  p50Ms: number;
  p99Ms: number;
  sloPercentileMs: number;
  throughputRps: number;
}

export interface Recommendation {
  /** Index into SweepFile.configs. */
  configIndex: number;
  label: string;
  config: StrategyConfig;
  instances: number;
  /** The rate it is recommended for (the target, or its sustainable maximum), req/s. */
  rateRps: number;
  predicted: Prediction;
  /** Present once verified on the real model. */
  measured?: Prediction;
  /** Whether the measurement met the SLO (present with `measured`). */
  verified?: boolean;
  binding: BindingConstraint;
  /** Why this configuration, and what binds, in sentences. */
  reasons: string[];
}

/** A verification run of one candidate on the real model. */
export interface Verification {
  configIndex: number;
  label: string;
  rateRps: number;
  predicted: Prediction;
  measured: Prediction;
  metSlo: boolean;
  /** The profile the verification run saved, when it saved one. */
  profilePath: string | null;
}

export interface SweepFile {
  format: typeof SWEEP_FORMAT;
  version: number;
  createdAt: string;
  tool: { name: string; version: string };
  machine: MachineInfo;
  model: ModelSummary;
  executionProvider: string;
  calibration: CalibrationPoint[];
  calibrationDetail?: CalibrationDetail;
  settings: SweepSettings;
  /** What the instances serve at most, req/s, from the calibration (rates as fractions refer to it). */
  capacityRps: number;
  configs: SweepConfig[];
  points: SweepPoint[];
  /** Indices into `points`: no other point has more throughput at a lower p99. */
  pareto: number[];
  recommendation: Recommendation | null;
  /** Why there is no recommendation (no SLO, or nothing meets it). */
  noRecommendation?: string;
  verifications: Verification[];
  warnings: string[];
}
