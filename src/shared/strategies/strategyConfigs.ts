/**
 * Strategy configs through the registry: complete them with defaults, check them, label them and
 * build their policies. The CLI, the panel form, the host and the engine all go through here.
 */
import type { StrategyConfig } from '../profileTypes';
import type { BatchingPolicy } from './policy';
import { findStrategy, paramsOf, STRATEGY_NAMES } from './registry';
import type { StrategyContext, StrategyDescriptor } from './strategyDescriptor';
import {
  formatParamValue,
  paramProblem,
  sameParamValue,
  type ParamSpec,
  type ParamValue,
  type RunStrategyDefaults,
} from './strategyParams';
import { formatMs } from './strategyDescriptor';

/** A problem with one parameter: `key` is the config field ('' for the name). */
export interface ConfigProblem {
  key: string;
  message: string;
}

/** Built-in run-wide defaults (`--max-batch 8`, `--max-delay-ms 2`, no preferred sizes, no SLO). */
export const BUILTIN_STRATEGY_DEFAULTS: RunStrategyDefaults = {
  maxBatch: 8,
  maxDelayMs: 2,
  preferredBatch: [],
  sloMs: null,
};

/** The default of one parameter under the run's defaults, or null when it must be given. */
export function paramDefault(spec: ParamSpec, run: RunStrategyDefaults): ParamValue | null {
  if (spec.runDefault !== undefined) {
    const v = run[spec.runDefault];
    if (v !== null) return Array.isArray(v) ? [...v] : v;
  }
  return Array.isArray(spec.default) ? [...spec.default] : spec.default;
}

/**
 * A full config of `name` from the values given (by config key); every parameter not given
 * takes its default. Parameters that have no default and were not given stay absent, and
 * {@link checkStrategyConfig} reports them.
 */
export function completeConfig(
  name: string,
  given: Record<string, ParamValue>,
  run: RunStrategyDefaults = BUILTIN_STRATEGY_DEFAULTS,
): StrategyConfig {
  const d = findStrategy(name);
  const config: StrategyConfig = { name };
  if (!d) return config;
  for (const spec of paramsOf(d)) {
    const v = spec.key in given ? given[spec.key] : paramDefault(spec, run);
    if (v !== null) config[spec.key] = v;
  }
  return config;
}

/**
 * Every problem with a config, worded for people, or [] when it can run. `modelMaxBatch` caps
 * batch-size parameters (null: the model takes any batch).
 */
export function checkStrategyConfig(
  config: StrategyConfig,
  modelMaxBatch: number | null = null,
): ConfigProblem[] {
  const d = findStrategy(config.name);
  if (!d)
    return [
      { key: '', message: `Unknown strategy "${config.name}"; choose from ${STRATEGY_NAMES.join(', ')}.` },
    ];
  const problems: ConfigProblem[] = [];
  const known = new Set(paramsOf(d).map((p) => p.key));
  for (const key of Object.keys(config)) {
    if (key !== 'name' && !known.has(key))
      problems.push({ key, message: `${d.name} has no parameter "${key}".` });
  }
  for (const spec of paramsOf(d)) {
    if (!(spec.key in config)) {
      // Absent with a built-in default is fine (older profiles lack newer parameters).
      if (paramDefault(spec, BUILTIN_STRATEGY_DEFAULTS) === null)
        problems.push({ key: spec.key, message: missingMessage(d, spec) });
      continue;
    }
    const problem = paramProblem(spec, config[spec.key], modelMaxBatch);
    if (problem) problems.push({ key: spec.key, message: `${d.name}: ${problem}` });
  }
  // Between parameters (absent ones at their defaults), for those fine alone: a bad one already
  // has its message, and a wrong type must not reach the descriptor's code.
  const flagged = new Set(problems.map((p) => p.key));
  if (d.crossCheck && paramsOf(d).every((p) => !flagged.has(p.key) || p.type !== 'intList')) {
    const full = completeConfig(d.name, { ...config } as Record<string, ParamValue>);
    for (const [key, message] of d.crossCheck(full))
      if (!flagged.has(key)) problems.push({ key, message: `${d.name}: ${message}` });
  }
  return problems;
}

function missingMessage(d: StrategyDescriptor, spec: ParamSpec): string {
  const run = spec.runDefault === 'sloMs' ? ', or an SLO for the whole run' : '';
  return `${d.name} needs ${spec.label.toLowerCase()}: set ${spec.short} on the strategy${run}.`;
}

/**
 * Builds the policy for a config.
 * @throws Error naming the strategy, the parameter and the fix when the config cannot run.
 */
export function createPolicy(config: StrategyConfig, context: StrategyContext): BatchingPolicy {
  const problems = checkStrategyConfig(config);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join(' '));
  const given = { ...config } as Record<string, ParamValue>;
  return findStrategy(config.name)!.create(completeConfig(config.name, given), context);
}

/** The largest batch a config dispatches (1 for an unknown strategy). */
export function maxBatchOf(config: StrategyConfig): number {
  const d = findStrategy(config.name);
  return d ? d.maxBatch(config) : 1;
}

/**
 * The display label of a config, e.g. "none", "static(8)", "dynamic(max=8, delay=2ms)"; queue
 * policy parameters that differ from their defaults are appended ("…, queue=64, timeout=5ms delay").
 */
export function strategyLabel(config: StrategyConfig): string {
  const d = findStrategy(config.name);
  if (!d) return config.name;
  const base = d.label(config);
  if (!d.queuePolicy) return base;
  const extras: string[] = [];
  const maxQueue = config.maxQueue;
  if (typeof maxQueue === 'number' && maxQueue > 0) extras.push(`queue=${maxQueue}`);
  const timeout = config.timeoutMs;
  if (typeof timeout === 'number' && timeout > 0)
    extras.push(`timeout=${formatMs(timeout)}ms ${String(config.timeoutAction ?? 'reject')}`);
  if (extras.length === 0) return base;
  return base.endsWith(')') ? `${base.slice(0, -1)}, ${extras.join(', ')})` : `${base}(${extras.join(', ')})`;
}

/** Labels for a list of configs, unique: a config repeated verbatim gets " #2", " #3". */
export function uniqueLabels(configs: readonly StrategyConfig[]): string[] {
  const seen = new Map<string, number>();
  return configs.map((c) => {
    const label = strategyLabel(c);
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} #${n}`;
  });
}

/**
 * The config as a spec string the CLI and the settings accept, listing only the parameters that
 * differ from their built-in defaults: `dynamic(max=16,delay=5)`, `none`.
 */
export function formatStrategySpec(config: StrategyConfig): string {
  const d = findStrategy(config.name);
  if (!d) return config.name;
  const parts: string[] = [];
  for (const spec of paramsOf(d)) {
    const v = config[spec.key];
    if (v === undefined || sameParamValue(v, paramDefault(spec, BUILTIN_STRATEGY_DEFAULTS))) continue;
    parts.push(`${spec.short}=${formatParamValue(v)}`);
  }
  return parts.length > 0 ? `${d.name}(${parts.join(',')})` : d.name;
}
