/**
 * The run configurations file, `.batchscope/config.json` (JSON with comments, like launch.json):
 * named runs of a model that the panel saves and restores and `batchscope profile --config NAME`
 * runs unchanged. These types are the file as written; `toPanelRunConfig` turns one into the
 * form's run config. The field lists here are the only ones: the parser rejects any other field
 * and the JSON schema (schemas/config.schema.json) is generated from them.
 */
import type { StrategyOrder } from '../measurementPlan';

/** Where the file lives, relative to the folder it configures (a workspace folder, the CLI's cwd). */
export const CONFIGURATIONS_PATH = '.batchscope/config.json';

/** The format version this Batchscope reads and writes. */
export const CONFIGURATIONS_VERSION = 1;

/** Arrival patterns named by a string alone (their parameters take the defaults). */
export const ARRIVAL_NAMES = ['poisson', 'constant', 'bursty', 'closed'] as const;

/**
 * The arrival process: a name, or an object with `kind` and its parameters (bursty and closed
 * parameters left out take their defaults; a ramp needs both rates).
 */
export type ConfigurationArrival =
  | (typeof ARRIVAL_NAMES)[number]
  | { kind: 'poisson' }
  | { kind: 'constant' }
  | { kind: 'bursty'; ratio?: number; periodS?: number; dutyCycle?: number }
  | { kind: 'closed'; concurrency?: number }
  | { kind: 'ramp'; fromRps: number; toRps: number };

/** The fields of each arrival object, `kind` first. */
export const ARRIVAL_FIELDS: Record<string, readonly string[]> = {
  poisson: ['kind'],
  constant: ['kind'],
  bursty: ['kind', 'ratio', 'periodS', 'dutyCycle'],
  closed: ['kind', 'concurrency'],
  ramp: ['kind', 'fromRps', 'toRps'],
};

/** The offered load and how long it is measured. */
export interface ConfigurationTraffic {
  arrival?: ConfigurationArrival;
  /** Mean offered rate, requests/s; null (or left out) = derived from calibration. Not for closed or ramp. */
  rateRps?: number | null;
  /** Measured seconds per strategy. */
  durationS?: number;
  /** Model warm-up before calibration, s. */
  warmupS?: number;
  seed?: number;
  /** Share of requests per priority level, highest first; null = one level. */
  priorities?: number[] | null;
}

/** Where and how the strategies run. */
export interface ConfigurationExecution {
  instances?: number;
  /** Intra-op threads per instance. */
  threads?: number;
  provider?: 'cpu' | 'cuda';
  order?: StrategyOrder;
  /** Each strategy's own warm-up, s. */
  strategyWarmupS?: number;
  untilStable?: boolean;
}

/** One named configuration, as written in the file. Only `name` and `model` are required. */
export interface RunConfiguration {
  name: string;
  /**
   * The model: a path relative to the folder that holds `.batchscope/`, an absolute path, or a
   * synthetic model spec (`synthetic:base=20ms,per-item=2ms`).
   */
  model: string;
  /** Symbolic dims: a size, or a range `"MIN..MAX"` drawn per request. */
  dims?: Record<string, number | string>;
  /** Inputs fixed to a value: a number, or a list that fills the tensor in order. */
  inputs?: Record<string, number | number[]>;
  /** Batch axis per input or output name, where probing cannot tell. */
  batchAxes?: Record<string, number>;
  /** Strategy specs as `--strategies` takes them, e.g. `dynamic(max=16,delay=2)`. */
  strategies?: string[];
  traffic?: ConfigurationTraffic;
  execution?: ConfigurationExecution;
  /** Latency objective, ms; null = none. */
  sloMs?: number | null;
}

/** The file as written. */
export interface RunConfigurationsDocument {
  $schema?: string;
  version: number;
  configurations: RunConfiguration[];
}

export const FILE_FIELDS = ['version', 'configurations', '$schema'] as const;
export const CONFIGURATION_FIELDS = [
  'name',
  'model',
  'dims',
  'inputs',
  'batchAxes',
  'strategies',
  'traffic',
  'execution',
  'sloMs',
] as const;
export const TRAFFIC_FIELDS = ['arrival', 'rateRps', 'durationS', 'warmupS', 'seed', 'priorities'] as const;
export const EXECUTION_FIELDS = [
  'instances',
  'threads',
  'provider',
  'order',
  'strategyWarmupS',
  'untilStable',
] as const;
