/**
 * Plain data types shared by the engine, the CLI, the extension host and the webview.
 * No Node or DOM imports here: every side may include this file.
 *
 * Times inside a run are milliseconds (floating point, microsecond resolution) on the run's arrival
 * sequence: 0 is its start, the strategy's warm-up comes first, and its `measured` intervals say
 * which part counts, unless a field says otherwise.
 */
import type { Interval, StrategyOrder } from './measurementPlan';
import type { Stability } from './stability';

/** ONNX element types Batchscope can synthesize data for. */
export type TensorDtype = 'float32' | 'float16' | 'float64' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

/** One model input or output as the model declares it, plus what Batchscope decided about it. */
export interface TensorSignature {
  name: string;
  /** ONNX type name as ORT reports it (may be a type Batchscope cannot synthesize, e.g. 'string'). */
  dtype: string;
  /** Declared shape: numbers for fixed dims, strings for symbolic dims, null when unknown. */
  shape: Array<number | string | null>;
  /** The axis that carries the batch, or null when the tensor is fed once per batch (not stacked). */
  batchAxis: number | null;
  /** How the batch axis was found: declared symbol + probe agreement, a user override, or none. */
  batchAxisSource: 'probe' | 'override' | 'none';
}

/** A symbolic (non-batch) dimension and the values requests draw for it. */
export interface DimRange {
  name: string;
  min: number;
  max: number;
  /** Where the range came from, so the user can see what was assumed. */
  source: 'user' | 'default';
}

export interface ModelSummary {
  /** Path as the user gave it (absolute in profiles); a synthetic model's canonical spec. */
  path: string;
  fileName: string;
  /** The file's SHA-256 ('' for a synthetic model: no file). */
  sha256: string;
  bytes: number;
  inputs: TensorSignature[];
  outputs: TensorSignature[];
  dims: DimRange[];
  /** Inputs fixed by `--input NAME=VALUE`. */
  fixedInputs: Record<string, number[]>;
  batchable: boolean;
  /** Why not batchable, and the fix. Present when batchable is false. */
  notBatchableReason?: string;
  /** The largest batch the model accepts (a fixed batch dim > 1 caps it), or null for unbounded. */
  maxBatchSupported: number | null;
  /** What was profiled when it is not an ONNX file. Absent: `path` is an ONNX model file. */
  target?: ModelTarget;
  /**
   * Set when the signature was read but running the model on synthetic values failed (a model
   * that needs a real sample rate or a fixed sequence length): `batchable` is false until the
   * user sets what it names. Only the panel's inspection returns it; the CLI fails instead.
   */
  probeProblem?: ProbeProblem;
}

/** Why probing a model with synthetic values failed, in terms a form can point at. */
export interface ProbeProblem {
  /** ONNX Runtime's message, as it said it. */
  message: string;
  /** The node that failed, when the message names one (e.g. `Reshape 'frame'`). */
  node?: string;
  /**
   * Graph inputs that feed that node, most likely culprit first: inputs that are not batch data
   * (scalars, integers: set a value for them), the batch data itself last.
   */
  inputs: string[];
  /** Symbolic dims of inputs that feed that node: set a size for them. */
  dims: string[];
}

/**
 * A synthetic model (src/shared/syntheticModel.ts): no file, a batch of n costs
 * `baseMs + perItemMs·n` busy-waited on a worker thread, times a seeded lognormal factor of
 * mean 1 and coefficient of variation `jitter`.
 */
export interface SyntheticTarget {
  kind: 'synthetic';
  /** The canonical spec, e.g. `synthetic:base=20ms,per-item=2ms`. */
  spec: string;
  baseMs: number;
  perItemMs: number;
  /** Coefficient of variation of each batch's cost (0.1 = 10%). */
  jitter: number;
  /** Largest batch it accepts, or null for any size. */
  maxBatch: number | null;
}

/** What a profile measured, when it is not an ONNX model file (later: a remote server). */
export type ModelTarget = SyntheticTarget;

export interface MachineInfo {
  hostname: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  nodeVersion: string;
  gpu?: { name: string; memoryMiB: number; driver?: string } | null;
}

/** Arrival process of the offered load. */
export type ArrivalSpec =
  | { kind: 'constant' }
  | { kind: 'poisson' }
  /** Alternating high/low-rate phases: the high phase runs at rate*ratio for dutyCycle of periodS. */
  | { kind: 'bursty'; ratio: number; periodS: number; dutyCycle: number }
  /** Linear ramp of the rate from `fromRps` to `toRps` over the duration. */
  | { kind: 'ramp'; fromRps: number; toRps: number }
  /** Arrival timestamps or inter-arrival gaps (ms) read from a CSV or JSON file. */
  | { kind: 'trace'; file: string; format: 'timestamps' | 'gaps' }
  /** Closed loop: N clients, each sends the next request when its previous one completes. */
  | { kind: 'closed'; concurrency: number };

/**
 * A strategy and its parameters, as its descriptor in the registry (src/shared/strategies)
 * declares them, e.g. `{ name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] }`.
 * Checked by `checkStrategyConfig`; read through the descriptor, never field by field here.
 */
export interface StrategyConfig {
  name: string;
  [param: string]: number | number[] | string;
}

export type StrategyName = string;

export interface RunSettings {
  arrival: ArrivalSpec;
  /** Mean offered rate (requests/s) for open-loop arrivals; absent for closed loop and traces. */
  rateRps: number | null;
  /** True when the rate was derived from calibration rather than given by the user. */
  rateDerived: boolean;
  durationS: number;
  /** Warm-up of the model before calibration, s. */
  warmupS: number;
  /**
   * Each strategy's own warm-up on its traffic, s, before each of its segments (left out of its
   * results). Absent in older profiles: 0.
   */
  strategyWarmupS?: number;
  /** Order the strategies take their turns in (see measurementPlan.ts). Absent: fixed. */
  order?: StrategyOrder;
  /** Measured length of one interleaved slice, s (order interleaved). */
  sliceS?: number;
  /** Stability window length, s. Absent: 1. */
  windowS?: number;
  /** Stability tolerance (max ÷ min − 1 of the last windows' throughput and p99). Absent: 0.1. */
  stabilityTolerance?: number;
  /** Measure each strategy past durationS until stable, up to this many seconds; null or absent: no. */
  untilStableMaxS?: number | null;
  instances: number;
  threads: number;
  provider: 'cpu' | 'cuda';
  sloMs: number | null;
  seed: number;
  strategies: StrategyConfig[];
  /**
   * Priority mix of the traffic: the share of requests at each level, level 0 the highest
   * (`--priorities 0.2,0.8`). Absent or null: one level.
   */
  priorities?: number[] | null;
  /**
   * The run configuration (`.batchscope/config.json`) these settings were made from, by name
   * (`batchscope profile --config NAME`, or the panel running a saved configuration unchanged).
   * Absent: set by flags or by hand in the form.
   */
  configuration?: string;
}

/** Latency of the model alone (no queueing) at one batch size, measured before the strategies run. */
export interface CalibrationPoint {
  batchSize: number;
  /** Median of the timed runs. */
  latencyMs: number;
  p90Ms: number;
  /** batchSize / latency, requests per second for one instance. */
  throughput: number;
  samples: number;
  /**
   * The timed compute times themselves, ms, ascending, for a simulator to draw from. At most
   * {@link MAX_KEPT_SAMPLES}: more runs are thinned to evenly spaced ranks (the smallest and the
   * largest always kept), so the kept values follow the same distribution. Absent in older
   * profiles.
   */
  samplesMs?: number[];
  /**
   * Batch 1 only: the same batch run at the run's pace, after an idle gap each time, as requests
   * arrive at light load. Absent when the traffic has no rate to pace by, the pace leaves no idle
   * time, or the profile predates it.
   */
  lightLoad?: LightLoadCalibration;
}

/**
 * Batch 1 after an idle gap. Beside the back-to-back point it separates what the model costs
 * when it starts cold (caches, clock frequency, a core that dozed off) from what the engine adds.
 */
export interface LightLoadCalibration {
  /** Mean idle gap before each run, ms (the run's mean gap between arrivals, within limits). */
  gapMs: number;
  /** Median compute time after the gap (worker's own stamps, as latencyMs). */
  latencyMs: number;
  p90Ms: number;
  /** Median time from handing the batch over to compute start: the worker's wake-up from its park. */
  wakeUpMs: number;
  samples: number;
}

/** Most compute times a calibration point keeps (CalibrationPoint.samplesMs). */
export const MAX_KEPT_SAMPLES = 200;

/**
 * Calibration beyond the per-size points: the input length they were measured at, and what a
 * what-if simulator needs besides — latency per batch size × padded length, and how latency grows
 * when several instances compute at once. Absent in older profiles, whose per-size points mixed
 * input lengths (batch n ran requests 0..n−1, each with its own drawn dims).
 *
 * How a batch of requests of different lengths is padded (batchAssembly.ts, as the workers do
 * it): each symbolic dim is zero-padded to the largest value any member has for it, dim by dim;
 * batch slots beyond the requests (a padded batch size) are copies of members. So a mixed batch
 * of n costs what n requests all at the padded dims cost: look it up in `grid` by the padded size
 * key, the product over dims of the members' largest value.
 */
export interface CalibrationDetail {
  /**
   * The one input length of every request in the per-size points (Profile.calibration) and the
   * concurrency points: the pool entry with the median size key. Null when the model has no
   * symbolic dims besides the batch.
   */
  length: CalibrationLength | null;
  /**
   * Batch size × padded length, each cell a batch whose requests all have that length. Lengths:
   * the pool's smallest, lower quartile, median, upper quartile and largest size key (distinct
   * ones); sizes: those of Profile.calibration. The median row is the per-size points' own runs
   * (samples thinned to {@link MAX_GRID_SAMPLES}). Empty when every request has the same size.
   */
  grid: CalibrationGridCell[];
  /**
   * k instances computing batches at once, k = 1, 2, 4, … up to the run's instances, at batch 1
   * and the largest calibrated size. Empty with one instance.
   */
  concurrency: ConcurrencyPoint[];
  /** Wall time the grid and the concurrency points added to the calibration, ms. */
  timeMs: { grid: number; concurrency: number };
  /**
   * What the engine adds to every batch beside the model, measured on the real pipeline at
   * saturation (a short closed-loop run of `none`): the simulator's hand-off and return. Present
   * only where a simulation was asked for (`profile --simulate`, sweeps).
   */
  pipeline?: PipelineCalibration;
}

/** Medians over the probe's batches, ms. */
export interface PipelineCalibration {
  /** Dispatch → compute start: the hand-over to a worker thread. */
  handoffMs: number;
  /** Compute end → done: until the scheduler has seen the batch finish and recorded it. */
  returnMs: number;
  /** Batches measured. */
  samples: number;
  /**
   * Mean time one instance took per batch over the probe, ms (compute included): the real
   * pipeline's cycle at batch 1. The return above is at least this less the compute and the
   * hand-off, so a simulated cycle is as long as a real one. Absent in older profiles.
   */
  cycleMs?: number;
  /**
   * The hand-offs and returns themselves, ms, ascending, thinned as samplesMs (at most
   * {@link MAX_KEPT_SAMPLES}; the largest kept: the rare stalls make a real run's tail), and the
   * shift added to each drawn return so the drawn cycle's mean is the measured one. Absent in
   * older profiles: the simulator uses the medians above.
   */
  handoffSamplesMs?: number[];
  returnSamplesMs?: number[];
  returnShiftMs?: number;
}

/** An input length: one request's symbolic dims. */
export interface CalibrationLength {
  /** Product of the dim values (the size key bucketed batching groups by). */
  sizeKey: number;
  /** Value of each symbolic dim, by name (ModelSummary.dims). */
  dims: Record<string, number>;
}

/** Most compute times a grid cell keeps. */
export const MAX_GRID_SAMPLES = 20;

/** One cell of the batch size × length grid: `batchSize` requests, all of `length`. */
export interface CalibrationGridCell extends CalibrationLength {
  batchSize: number;
  /** Median compute time, ms. */
  latencyMs: number;
  p90Ms: number;
  /** Timed runs. */
  samples: number;
  /** The compute times, ms, ascending, at most {@link MAX_GRID_SAMPLES} (thinned as samplesMs). */
  samplesMs: number[];
}

/** Batches of `batchSize` computing on `instances` instances at once, each kept busy back to back. */
export interface ConcurrencyPoint {
  instances: number;
  batchSize: number;
  /** Median compute time of one batch, ms, over every instance's batches. */
  latencyMs: number;
  p90Ms: number;
  /** latencyMs ÷ the latency of the same batch on one instance alone (1: perfect scaling). */
  factor: number;
  /** Timed batches, all instances together. */
  samples: number;
}

/** Summary statistics in milliseconds. */
export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** One priority level's share of a strategy's results. */
export interface LevelSummary {
  level: number;
  requests: number;
  completed: number;
  rejected: number;
  latencyMs: Percentiles;
  /** Share of this level's offered requests done within the SLO, or null without an SLO. */
  goodput: number | null;
}

export interface StrategySummary {
  /** Requests scheduled inside the measured window. */
  requests: number;
  /** Requests that completed (equal to `requests` unless the run was cut short or requests were rejected). */
  completed: number;
  /**
   * Requests turned away without running: the queue was full, they timed out in the queue with
   * the `reject` action, or the policy shed them because they could no longer meet their deadline.
   * Absent in profiles written before rejection existed (read as 0).
   */
  rejected?: number;
  /**
   * The offered load exceeded what the strategy served (requests never ran, or its queue grew
   * through the arrival window): its percentiles understate the real latency. Judged by the
   * engine from the raw records (engine/metrics/overload.ts) when the strategy ends; absent in
   * older profiles, where readers judge the records themselves.
   */
  overloaded?: boolean;
  batches: number;
  /** Measured window, seconds (first scheduled arrival to last completion). */
  durationS: number;
  throughputRps: number;
  /** End-to-end, from the scheduled arrival to done. */
  latencyMs: Percentiles;
  /** From the scheduled arrival to compute start. */
  queueMs: Percentiles;
  /** Compute start to compute end of the request's batch. */
  computeMs: Percentiles;
  batchSize: { mean: number; max: number };
  /** Padded slots / real slots across all batches (0 when nothing was padded). */
  paddingRatio: number;
  /**
   * Share (0..1) of all computed input elements that were padding, over the whole run: empty
   * batch slots and symbolic dims padded to a batch's widest member. Absent in older profiles.
   */
  padFraction?: number;
  /** Results per priority level (level 0 first), present when the traffic had several levels. */
  levels?: LevelSummary[];
  /** Engine process CPU, percent of one core, averaged over the window. */
  cpuPercent: number;
  /** System-wide CPU, percent of all cores. */
  systemCpuPercent: number;
  /** Share (0..1) of requests done within the SLO, or null when no SLO was set. */
  goodput: number | null;
  /** How well the dynamic policy's max queue delay was honoured, when it applies. */
  delayHonour: { p50ErrorMs: number; p99ErrorMs: number; maxErrorMs: number; samples: number } | null;
  /**
   * Throughput and p99 per stability window of the measured time, and whether the last windows
   * agree (see stability.ts). Absent in profiles written before stability windows.
   */
  stability?: Stability;
}

/** `RequestColumns.batch` of a request that never ran: the run stopped (drain cut, abort) first. */
export const BATCH_NEVER_RAN = -1;
/**
 * `RequestColumns.batch` of a request the scheduler turned away without running it: the queue was
 * full, it timed out in the queue (`reject` action), or the policy shed it. Unlike never-run
 * requests, rejections are the strategy's own doing, and their `doneMs` is the rejection time.
 */
export const BATCH_REJECTED = -2;

/**
 * Per-request columns, decoded. Indexed by request id (0..n-1 in scheduled-arrival order).
 * Dispatch and compute times are per batch: look them up through `batch`.
 */
export interface RequestColumns {
  scheduledMs: Float64Array;
  enqueueMs: Float64Array;
  /** When the request completed, or was rejected (batch -2); NaN when it never ran (batch -1). */
  doneMs: Float64Array;
  /** Index of the batch the request went into; -1 ({@link BATCH_NEVER_RAN}), -2 ({@link BATCH_REJECTED}). */
  batch: Int32Array;
  /** Priority level of each request (0 = highest); present only when the traffic had several levels. */
  priority?: Uint8Array;
}

/** Per-batch columns, decoded. Batches in dispatch order. */
export interface BatchColumns {
  dispatchMs: Float64Array;
  computeStartMs: Float64Array;
  computeEndMs: Float64Array;
  /** Real requests in the batch. */
  size: Int32Array;
  /** Size including padding slots (static batching pads nothing; buckets may). */
  paddedSize: Int32Array;
  /** Share (0..1) of the batch's input elements that are padding (symbolic dims padded to the largest member). */
  padFraction: Float32Array;
  instance: Int32Array;
  /** Index in the request columns of the batch's first request id list entry (see `members`). */
  firstMember: Int32Array;
  /** Request ids of all batches, concatenated in batch order. */
  members: Int32Array;
  /** 1 when the batch was a flush at the end of the run (static's final partial batch). */
  flushed: Uint8Array;
}

/** Fixed-interval samples over the measured window. */
export interface TimeSeries {
  intervalMs: number;
  /** Sample times (end of each interval). */
  tMs: number[];
  completionsPerS: number[];
  queueDepth: number[];
  batchesInFlight: number[];
  processCpuPercent: number[];
  systemCpuPercent: number[];
  /** Present only where an NVIDIA GPU was sampled. */
  gpuUtilPercent?: number[];
  gpuMemoryMiB?: number[];
  /** An adaptive policy's state at each sample (see PolicyState): its batch cap, ... */
  policyCapBatch?: number[];
  policyEstimateMs?: number[];
  policyCostPerItemMs?: number[];
  policyCostBaseMs?: number[];
}

/** One strategy's complete result, decoded (in memory). */
export interface StrategyResult {
  /** Display label, unique within the profile (e.g. "dynamic(max=8, delay=2ms)"). */
  label: string;
  config: StrategyConfig;
  summary: StrategySummary;
  requests: RequestColumns;
  batches: BatchColumns;
  timeseries: TimeSeries;
  /** True when this strategy's run was cut short (cancel, crash). */
  partial: boolean;
  /**
   * The measured intervals (run-relative ms, sorted): requests scheduled inside them are the
   * strategy's results; those before them arrived during its warm-up (see measurementPlan.ts) and
   * are kept in the columns but left out of every figure. Absent in older profiles: all measured.
   */
  measured?: Interval[];
}

/** A whole profile, decoded (in memory). The file form is in engine/profile. */
export interface Profile {
  format: 'batchscope-profile';
  version: number;
  createdAt: string;
  tool: { name: string; version: string };
  ortVersion: string;
  executionProvider: string;
  machine: MachineInfo;
  model: ModelSummary;
  settings: RunSettings;
  calibration: CalibrationPoint[];
  /** The length the calibration ran at, the length grid, concurrency (absent in older profiles). */
  calibrationDetail?: CalibrationDetail;
  strategies: StrategyResult[];
  /** Present when the whole run was cut short. */
  partial: boolean;
  /** Things the user should know about the measurement (unreliable timers, CPU contention...). */
  warnings: string[];
  /**
   * Present when the strategies' results were simulated from the calibration (the what-if
   * simulator, `--simulate`), not measured on the model. Absent: measured.
   */
  simulated?: SimulationInfo;
}

/** How a simulated profile was made: the scheduler and policies ran on a virtual clock against the calibration. */
export interface SimulationInfo {
  /** Where the latency model came from: this profile's calibration. */
  from: 'calibration';
  /** Latency draws: 'samples' (calibrated samples per size) or 'lognormal' (fitted to median and p90). */
  latencyDraws: 'samples' | 'lognormal';
  /** Whether latency was scaled by input length (a calibration length grid) and slowed by concurrent instances. */
  lengthScaling: boolean;
  concurrencyScaling: boolean;
  /** Whether each batch paid the engine's measured hand-off and return (CalibrationDetail.pipeline). Absent: no. */
  engineOverhead?: boolean;
  /** Whether a batch on an idle instance started cold (the light-load calibration point). Absent: no. */
  coldStart?: boolean;
}
