import type { StrategyDescriptor } from './strategyDescriptor';
import type { BatchingPolicy, PolicyDecision, QueueView, SchedulerState } from './policy';

/**
 * `none`: every request is its own batch, in queue order. The baseline the batching strategies
 * are compared against.
 */
export class NoBatchingPolicy implements BatchingPolicy {
  readonly name = 'none';
  readonly maxBatch = 1;

  decide(queue: QueueView, _state: SchedulerState): PolicyDecision {
    return queue.length > 0 ? { kind: 'dispatch', count: 1 } : { kind: 'wait' };
  }
}

export const noneStrategy: StrategyDescriptor = {
  name: 'none',
  title: 'No batching',
  summary: 'Every request runs alone (batch size 1) as soon as an instance is free: the baseline.',
  reference:
    'Triton Inference Server, model configuration: a model without dynamic_batching runs each request as it comes — https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/user_guide/model_configuration.html',
  params: [],
  queuePolicy: true,
  maxBatch: () => 1,
  label: () => 'none',
  create: () => new NoBatchingPolicy(),
  // Every server runs requests one by one when batching is off: an exact match.
  serverBatching: () => ({
    maxBatch: 1,
    maxDelayMs: 0,
    preferredBatch: [],
    latencyBudgetMs: null,
    shedAfterMs: null,
    differences: [],
  }),
};
