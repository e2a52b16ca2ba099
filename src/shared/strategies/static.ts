import { maxBatchParam } from './commonParams';
import type { BatchingPolicy, PolicyDecision, QueueView, SchedulerState } from './policy';
import { num, type StrategyDescriptor } from './strategyDescriptor';

/**
 * `static`: a fixed batch size; a batch is dispatched only when it is full, however long its
 * first request has waited. At the end of the run (draining) the partial batch is flushed and
 * marked as such. At low load this exposes static batching's latency cost, which is the point.
 */
export class StaticBatchingPolicy implements BatchingPolicy {
  readonly name = 'static';
  readonly maxBatch: number;

  /** @param batchSize requests per batch, an integer >= 1 (checked by the registry). */
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

/**
 * The queue delay that stands in for static batching's unbounded wait when it is exported: long
 * against a batch's compute (so batches fill whenever traffic allows), short enough that a lull
 * does not hold requests indefinitely.
 */
export const STATIC_EXPORT_DELAY_MS = 1000;

export const staticStrategy: StrategyDescriptor = {
  name: 'static',
  title: 'Static batching',
  summary: 'Waits until a batch of exactly N requests has formed, however long that takes.',
  reference:
    "The textbook fixed-size batch; no server ships it as such — the closest is Triton's dynamic batcher with a very long max_queue_delay_microseconds — https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/user_guide/batcher.html",
  params: [maxBatchParam('Requests per batch; a batch waits until it is full.', 'batchSize', 'size')],
  queuePolicy: true,
  maxBatch: (c) => num(c, 'batchSize'),
  label: (c) => `static(${num(c, 'batchSize')})`,
  create: (c) => new StaticBatchingPolicy(num(c, 'batchSize')),
  // No server waits for a full batch without bound; the closest is a dynamic batcher that prefers
  // exactly N and waits a long (but bounded) time for it.
  serverBatching: (c) => {
    const n = num(c, 'batchSize');
    return {
      maxBatch: n,
      maxDelayMs: STATIC_EXPORT_DELAY_MS,
      preferredBatch: [n],
      latencyBudgetMs: null,
      shedAfterMs: null,
      differences: [
        `static waits for a full batch of ${n} however long that takes; no server does that, so the export ` +
          `waits at most ${STATIC_EXPORT_DELAY_MS} ms for it and then sends the partial batch. Lower the delay ` +
          'to bound latency at light load; raise it to keep batches full.',
      ],
    };
  },
};
