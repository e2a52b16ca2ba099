/**
 * The batching an export writes: the strategy's own mapping to standard dynamic batching (its
 * descriptor's `serverBatching`), capped by the model, plus the queue policy every strategy takes.
 */
import type { StrategyConfig } from '../profileTypes';
import { completeConfig } from '../strategies/strategyConfigs';
import { findStrategy } from '../strategies/registry';
import type { ServerBatching } from '../strategies/strategyDescriptor';
import type { ParamValue } from '../strategies/strategyParams';
import type { ExportRequest } from './exportTypes';

/** Triton's queue policy as Batchscope ran it (the `queue`, `timeout` and `on-timeout` parameters). */
export interface ExportQueuePolicy {
  /** Requests arriving while this many wait are rejected; 0 = unbounded. */
  maxQueue: number;
  /** A request that has waited this long in the queue is rejected or delayed, ms; 0 = never. */
  timeoutMs: number;
  timeoutAction: 'reject' | 'delay';
  /** True when the timeout is not the config's own but stands in for the strategy's shedding. */
  timeoutStandsIn: boolean;
}

export interface ExportBatching extends ServerBatching {
  queue: ExportQueuePolicy;
}

/**
 * The batching to write for `request`.
 * @throws Error for a strategy the registry does not know (the profile reader checks names first)
 */
export function exportBatching(request: ExportRequest): ExportBatching {
  const descriptor = findStrategy(request.strategy.name);
  if (!descriptor) throw new Error(`Unknown strategy "${request.strategy.name}" cannot be exported.`);
  // Profiles from older versions may lack newer parameters: their defaults apply, as when they ran.
  const config = completeConfig(descriptor.name, { ...request.strategy } as Record<string, ParamValue>);
  const context = { calibration: request.calibration, sloMs: request.sloMs, instances: request.instances };
  const mapped: ServerBatching = descriptor.serverBatching
    ? descriptor.serverBatching(config, context)
    : {
        maxBatch: descriptor.maxBatch(config),
        maxDelayMs: 0,
        preferredBatch: [],
        latencyBudgetMs: null,
        shedAfterMs: null,
        differences: [
          `${descriptor.name} has no export mapping yet: it is exported as dynamic batching up to its max ` +
            'batch, with no queue delay.',
        ],
      };
  const differences = [...mapped.differences];
  let maxBatch = mapped.maxBatch;
  const modelMax = request.model.maxBatchSupported;
  if (modelMax !== null && maxBatch > modelMax) {
    differences.push(
      `The model takes batches of at most ${modelMax}, so the max batch is ${modelMax}, not ${maxBatch}.`,
    );
    maxBatch = modelMax;
  }
  return {
    ...mapped,
    maxBatch,
    preferredBatch: mapped.preferredBatch.filter((size) => size <= maxBatch),
    differences,
    queue: queuePolicy(config, mapped.shedAfterMs),
  };
}

/** The config's queue policy; with no timeout of its own, the strategy's shedding stands in as one. */
function queuePolicy(config: StrategyConfig, shedAfterMs: number | null): ExportQueuePolicy {
  const maxQueue = typeof config.maxQueue === 'number' ? config.maxQueue : 0;
  const own = typeof config.timeoutMs === 'number' ? config.timeoutMs : 0;
  const action = config.timeoutAction === 'delay' ? 'delay' : 'reject';
  if (own > 0) return { maxQueue, timeoutMs: own, timeoutAction: action, timeoutStandsIn: false };
  if (shedAfterMs !== null && shedAfterMs > 0)
    return { maxQueue, timeoutMs: shedAfterMs, timeoutAction: 'reject', timeoutStandsIn: true };
  return { maxQueue, timeoutMs: 0, timeoutAction: 'reject', timeoutStandsIn: false };
}

/** Microseconds, as Triton and TF Serving take delays. */
export function microseconds(ms: number): number {
  return Math.round(ms * 1000);
}
