import type { BatchingPolicy, PolicyDecision, QueueView, SchedulerState } from './policy';

/**
 * `none`: every request is its own batch, first in first out. The baseline the batching
 * strategies are compared against.
 */
export class NoBatchingPolicy implements BatchingPolicy {
  readonly name = 'none';
  readonly maxBatch = 1;

  decide(queue: QueueView, _state: SchedulerState): PolicyDecision {
    return queue.length > 0 ? { kind: 'dispatch', count: 1 } : { kind: 'wait' };
  }
}
