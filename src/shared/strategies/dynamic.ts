import { MAX_BATCH_LIMIT, maxBatchParam, maxDelayParam } from './commonParams';
import type { BatchingPolicy, PolicyDecision, QueueView, SchedulerState } from './policy';
import { formatMs, list, num, type StrategyDescriptor } from './strategyDescriptor';

/** Knobs of the dynamic batcher, as in Triton's `dynamic_batching` block. */
export interface DynamicBatchingOptions {
  /** Largest batch ever dispatched (Triton's max_batch_size). */
  maxBatch: number;
  /** How long the oldest request may wait in the queue for a fuller batch (max_queue_delay). */
  maxDelayMs: number;
  /** Batch sizes worth dispatching at once (preferred_batch_size); may be empty. */
  preferredBatch: number[];
}

/**
 * `dynamic`: Triton's dynamic batcher, decided at the moment an instance is free.
 *
 * - The batch being formed is capped at the largest preferred size, or at `maxBatch` when no
 *   preferred sizes are given (Triton caps at its "max preferred batch size" the same way).
 * - A batch that reaches the cap is dispatched at once.
 * - Otherwise, if the queue holds at least one preferred size and the delay has not expired, the
 *   largest preferred size that fits is dispatched at once.
 * - Otherwise it waits until the oldest queued request has been in the queue `maxDelayMs`
 *   (measured from its enqueue time, as Triton does), then dispatches everything up to the cap
 *   (not cut to a preferred size). A zero delay dispatches at once, cut to a preferred size
 *   where one fits. This follows Triton core's DynamicBatchScheduler::GetDynamicBatch.
 * - The scheduler asks only when an instance is idle, so while every instance is busy the pending
 *   batch keeps growing and is taken, up to the cap, when one frees up.
 * - When draining (no more arrivals), whatever is queued goes at once; a batch sent early only
 *   because of that is marked `flushed` so it is not mistaken for the policy's own choice (the
 *   runtime leaves such batches out of delay-honour statistics).
 */
export class DynamicBatchingPolicy implements BatchingPolicy {
  readonly name = 'dynamic';
  readonly maxBatch: number;
  readonly maxDelayMs: number;
  /** Preferred sizes, ascending, without duplicates. */
  readonly preferredBatch: readonly number[];
  /** The size a forming batch is capped at. */
  private readonly cap: number;

  /** Options are checked by the registry. */
  constructor(options: DynamicBatchingOptions) {
    this.maxBatch = options.maxBatch;
    this.maxDelayMs = options.maxDelayMs;
    this.preferredBatch = [...new Set(options.preferredBatch)].sort((a, b) => a - b);
    this.cap =
      this.preferredBatch.length > 0 ? this.preferredBatch[this.preferredBatch.length - 1] : this.maxBatch;
  }

  decide(queue: QueueView, state: SchedulerState): PolicyDecision {
    const queued = queue.length;
    if (queued === 0) return { kind: 'wait' };
    const pending = Math.min(queued, this.cap);
    if (pending >= this.cap) return { kind: 'dispatch', count: pending };

    const deadline = queue.enqueuedAt(0) + this.maxDelayMs;
    // As in Triton, a zero delay does not count as "exceeded": preferred sizes still cut the batch.
    const delayExceeded = this.maxDelayMs > 0 && state.now >= deadline;
    if (!delayExceeded) {
      const preferred = this.largestPreferredAtMost(pending);
      if (preferred > 0) return { kind: 'dispatch', count: preferred };
    }
    if (delayExceeded || this.maxDelayMs === 0) return { kind: 'dispatch', count: pending };
    if (state.draining) return { kind: 'dispatch', count: pending, flushed: true };
    return { kind: 'wait', until: deadline };
  }

  /** Largest preferred size <= n, or 0 when none fits. */
  private largestPreferredAtMost(n: number): number {
    for (let i = this.preferredBatch.length - 1; i >= 0; i--) {
      if (this.preferredBatch[i] <= n) return this.preferredBatch[i];
    }
    return 0;
  }
}

export const dynamicStrategy: StrategyDescriptor = {
  name: 'dynamic',
  title: 'Dynamic batching',
  summary:
    'Dispatches up to max requests when the batch is full, or when the oldest has waited the max queue delay.',
  reference:
    'Triton Inference Server, dynamic batcher (max_queue_delay_microseconds, preferred_batch_size) — https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/user_guide/batcher.html',
  params: [
    maxBatchParam('The largest batch dispatched (Triton max_batch_size).'),
    maxDelayParam,
    {
      key: 'preferredBatch',
      short: 'pref',
      type: 'intList',
      label: 'Preferred batch sizes',
      help: 'Sizes dispatched at once as soon as they can be formed, each at most the max batch (Triton preferred_batch_size).',
      default: [],
      runDefault: 'preferredBatch',
      min: 1,
      max: MAX_BATCH_LIMIT,
      batchSize: true,
    },
  ],
  queuePolicy: true,
  maxBatch: (c) => num(c, 'maxBatch'),
  label: (c) => {
    const base = `max=${num(c, 'maxBatch')}, delay=${formatMs(num(c, 'maxDelayMs'))}ms`;
    const preferred = [...new Set(list(c, 'preferredBatch'))].sort((a, b) => a - b);
    return preferred.length > 0 ? `dynamic(${base}, pref=${preferred.join(',')})` : `dynamic(${base})`;
  },
  crossCheck: (c) =>
    list(c, 'preferredBatch').some((p) => p > num(c, 'maxBatch'))
      ? [['preferredBatch', `Preferred batch sizes must be at most the max batch (${num(c, 'maxBatch')}).`]]
      : [],
  create: (c) =>
    new DynamicBatchingPolicy({
      maxBatch: num(c, 'maxBatch'),
      maxDelayMs: num(c, 'maxDelayMs'),
      preferredBatch: list(c, 'preferredBatch'),
    }),
  // This policy is Triton's dynamic batcher: the settings carry over as they are.
  serverBatching: (c) => ({
    maxBatch: num(c, 'maxBatch'),
    maxDelayMs: num(c, 'maxDelayMs'),
    preferredBatch: [...new Set(list(c, 'preferredBatch'))].sort((a, b) => a - b),
    latencyBudgetMs: null,
    shedAfterMs: null,
    differences: [],
  }),
};
