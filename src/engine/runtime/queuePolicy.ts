/**
 * Triton's queue policy (ModelQueuePolicy in model_config.proto), as the scheduler core applies
 * it to every strategy whose descriptor has `queuePolicy`:
 * - `maxQueue` (max_queue_size): a request arriving while its priority level already holds this
 *   many requests is rejected at once; 0 = unbounded. Triton keeps one queue per priority level,
 *   each under the default policy, so with several levels the bound is per level.
 * - `timeoutMs` (default_timeout_microseconds): a request that has waited this long since it was
 *   enqueued times out; 0 = never.
 * - `timeoutAction` (timeout_action): `reject` drops it; `delay` moves it behind every request of
 *   its level that has not timed out, where it stays until served (it never times out again).
 * Per-request timeout overrides (allow_timeout_override) do not apply: synthetic requests carry
 * no timeout of their own.
 */
import type { StrategyConfig } from '../../shared/profileTypes';
import { findStrategy } from '../../shared/strategies/registry';

export interface QueuePolicy {
  maxQueue: number;
  timeoutMs: number;
  timeoutAction: 'reject' | 'delay';
}

/** No bound, no timeout: what strategies without a queue policy get. */
export const NO_QUEUE_POLICY: QueuePolicy = Object.freeze({
  maxQueue: 0,
  timeoutMs: 0,
  timeoutAction: 'reject',
});

/**
 * The queue policy of a config. Parameters missing (profiles written before queue policies
 * existed) or malformed take Triton's defaults: unbounded, no timeout, reject.
 */
export function queuePolicyOf(config: StrategyConfig): QueuePolicy {
  if (!findStrategy(config.name)?.queuePolicy) return NO_QUEUE_POLICY;
  const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  return {
    maxQueue: Math.floor(count(config.maxQueue)),
    timeoutMs: count(config.timeoutMs),
    timeoutAction: config.timeoutAction === 'delay' ? 'delay' : 'reject',
  };
}
