import type { BatchingPolicy, PolicyDecision, QueueView, SchedulerState } from './policy';

/**
 * `static`: a fixed batch size; a batch is dispatched only when it is full, however long its
 * first request has waited. At the end of the run (draining) the partial batch is flushed and
 * marked as such. At low load this exposes static batching's latency cost, which is the point.
 */
export class StaticBatchingPolicy implements BatchingPolicy {
  readonly name = 'static';
  readonly maxBatch: number;

  /** @param batchSize requests per batch, an integer >= 1 (validated by createPolicy). */
  constructor(readonly batchSize: number) {
    this.maxBatch = batchSize;
  }

  decide(queue: QueueView, state: SchedulerState): PolicyDecision {
    if (queue.length >= this.batchSize) return { kind: 'dispatch', count: this.batchSize };
    if (state.draining && queue.length > 0) return { kind: 'dispatch', count: queue.length, flushed: true };
    // Nothing but a new arrival (or the end of the run) can change the answer: no wake-up time.
    return { kind: 'wait' };
  }
}
