/**
 * Parameters several strategies share, declared once so they read the same everywhere: the max
 * batch, the max queue delay, the latency budget, and Triton's queue policy.
 */
import type { ParamSpec } from './strategyParams';

/** Upper bound of any batch size parameter (the model's own limit may be lower). */
export const MAX_BATCH_LIMIT = 4096;
/** Upper bound of any delay or budget parameter, ms. */
export const MAX_DELAY_LIMIT_MS = 10_000;

/** The largest batch, `max=N`, defaulting to `--max-batch`. */
export function maxBatchParam(help: string, key = 'maxBatch', short = 'max'): ParamSpec {
  return {
    key,
    short,
    type: 'int',
    label: key === 'maxBatch' ? 'Max batch' : 'Batch size',
    help,
    default: 8,
    runDefault: 'maxBatch',
    min: 1,
    max: MAX_BATCH_LIMIT,
    batchSize: true,
  };
}

/** The max queue delay, `delay=MS`, defaulting to `--max-delay-ms`. */
export const maxDelayParam: ParamSpec = {
  key: 'maxDelayMs',
  short: 'delay',
  type: 'number',
  label: 'Max queue delay (ms)',
  unit: 'ms',
  help: 'The longest the oldest queued request waits for a batch to fill (Triton max_queue_delay_microseconds).',
  default: 2,
  runDefault: 'maxDelayMs',
  min: 0,
  max: MAX_DELAY_LIMIT_MS,
};

/** A latency budget, `slo=MS`, defaulting to `--slo-ms` (required when neither is given). */
export function sloParam(help: string): ParamSpec {
  return {
    key: 'sloMs',
    short: 'slo',
    type: 'number',
    label: 'Latency budget (ms)',
    unit: 'ms',
    help,
    default: null,
    runDefault: 'sloMs',
    min: 0,
    positive: true,
    max: MAX_DELAY_LIMIT_MS * 60,
  };
}

/**
 * Triton's `dynamic_batching` queue policy, applied by the scheduler to every strategy that has
 * `queuePolicy`: a bounded queue, and a per-request timeout that rejects or delays.
 */
export const QUEUE_PARAMS: readonly ParamSpec[] = [
  {
    key: 'maxQueue',
    short: 'queue',
    type: 'int',
    label: 'Max queue size',
    help: 'Requests arriving while this many wait are rejected at once; 0 = unbounded (Triton max_queue_size).',
    default: 0,
    min: 0,
    max: 10_000_000,
  },
  {
    key: 'timeoutMs',
    short: 'timeout',
    type: 'number',
    label: 'Queue timeout (ms)',
    unit: 'ms',
    help: 'A request that has waited this long in the queue is rejected or delayed; 0 = never (Triton default_timeout_microseconds).',
    default: 0,
    min: 0,
    max: MAX_DELAY_LIMIT_MS * 60,
  },
  {
    key: 'timeoutAction',
    short: 'on-timeout',
    type: 'choice',
    label: 'On timeout',
    help: 'reject: drop a timed-out request; delay: serve it after every request that has not timed out (Triton timeout_action).',
    default: 'reject',
    choices: ['reject', 'delay'],
  },
];
