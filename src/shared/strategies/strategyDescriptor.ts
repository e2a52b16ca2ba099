/**
 * One descriptor per strategy: everything the CLI, the panel, the settings, the schemas and the
 * engine need to know about it. Adding a strategy is one file exporting a descriptor, plus its
 * line in registry.ts.
 */
import type { CalibrationPoint, StrategyConfig } from '../profileTypes';
import type { BatchingPolicy } from './policy';
import type { ParamSpec } from './strategyParams';

/** What a policy may know about the run besides its own config. */
export interface StrategyContext {
  /** The model's measured latency per batch size (ascending sizes); empty when not calibrated. */
  calibration: readonly CalibrationPoint[];
  /** The run's latency objective, ms, or null when none was set. */
  sloMs: number | null;
  /** Model instances serving batches in parallel. */
  instances: number;
}

export interface StrategyDescriptor {
  /** Name on the command line and in profiles: `dynamic`. */
  name: string;
  /** Title for people: "Dynamic batching". */
  title: string;
  /** One line: what it does. */
  summary: string;
  /** Where it comes from: a paper or a server's documentation, with its address. */
  reference: string;
  /** The strategy's own parameters (the queue policy's are added by the registry when `queuePolicy`). */
  params: readonly ParamSpec[];
  /** True when Triton-style queue policies (max queue size, timeouts) apply to it. */
  queuePolicy: boolean;
  /** The largest batch a config of this strategy will dispatch. */
  maxBatch(config: StrategyConfig): number;
  /** Label of the strategy's own parameters, e.g. `dynamic(max=8, delay=2ms)`. Must differ for different configs. */
  label(config: StrategyConfig): string;
  /** Problems between parameters (each parameter alone is checked from its spec): `[key, message]`. */
  crossCheck?(config: StrategyConfig): Array<[string, string]>;
  /** Builds the policy from a config that passed every check. */
  create(config: StrategyConfig, context: StrategyContext): BatchingPolicy;
  /**
   * The export mapping: the closest standard dynamic-batching settings to a complete config, and
   * what a server given them does differently. Absent: the strategy cannot be exported yet.
   */
  serverBatching?(config: StrategyConfig, context: StrategyContext): ServerBatching;
}

/**
 * What every server's dynamic batcher can be told (Triton, TorchServe, Ray Serve, TF Serving,
 * BentoML): the export formats translate these into each server's own fields.
 */
export interface ServerBatching {
  /** The largest batch; 1 turns batching off. */
  maxBatch: number;
  /** How long the oldest queued request may wait for a fuller batch, ms (0: never waits). */
  maxDelayMs: number;
  /** Sizes sent as soon as they can be formed (Triton preferred_batch_size), ascending; may be empty. */
  preferredBatch: number[];
  /** A per-request latency bound the strategy itself keeps (BentoML max_latency_ms), ms, or null. */
  latencyBudgetMs: number | null;
  /**
   * A queue timeout that stands in for the strategy's own shedding of requests that can no longer
   * make their deadline (Triton default_timeout_microseconds), ms, or null when it sheds nothing.
   */
  shedAfterMs: number | null;
  /** What a plain dynamic batcher with these settings does differently from the strategy, in words. */
  differences: string[];
  /**
   * Export formats whose server batches this way itself (BentoML for `adaptive`): there the
   * differences above do not apply, and the server is told the strategy's own knobs.
   */
  nativeIn?: readonly string[];
}

/** Reads a numeric parameter from a checked config. */
export function num(config: StrategyConfig, key: string): number {
  return config[key] as number;
}

/** Reads a list parameter from a checked config. */
export function list(config: StrategyConfig, key: string): number[] {
  return config[key] as number[];
}

/** Milliseconds without floating-point noise (0.1 + 0.2 prints as 0.3). */
export function formatMs(ms: number): string {
  return String(Number(ms.toPrecision(6)));
}
