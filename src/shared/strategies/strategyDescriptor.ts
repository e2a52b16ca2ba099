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
