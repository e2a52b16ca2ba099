/**
 * Every strategy Batchscope knows, in the order the CLI, the panel and the docs list them.
 * To add one: write its file (policy + descriptor) and add it here.
 */
import { adaptiveStrategy } from './adaptive';
import { aimdStrategy } from './aimd';
import { bucketedStrategy } from './bucketed';
import { QUEUE_PARAMS } from './commonParams';
import { deadlineStrategy } from './deadline';
import { dynamicStrategy } from './dynamic';
import { noneStrategy } from './none';
import { staticStrategy } from './static';
import type { StrategyDescriptor } from './strategyDescriptor';
import type { ParamSpec } from './strategyParams';

export const STRATEGIES: readonly StrategyDescriptor[] = [
  noneStrategy,
  staticStrategy,
  dynamicStrategy,
  aimdStrategy,
  adaptiveStrategy,
  deadlineStrategy,
  bucketedStrategy,
];

/** Names of every strategy, in registry order. */
export const STRATEGY_NAMES: readonly string[] = STRATEGIES.map((s) => s.name);

/** The descriptor of `name`, or undefined for an unknown name. */
export function findStrategy(name: string): StrategyDescriptor | undefined {
  return STRATEGIES.find((s) => s.name === name);
}

/** Every parameter of a strategy: its own, then the queue policy's where it applies. */
export function paramsOf(descriptor: StrategyDescriptor): readonly ParamSpec[] {
  return descriptor.queuePolicy ? [...descriptor.params, ...QUEUE_PARAMS] : descriptor.params;
}
