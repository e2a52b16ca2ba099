/**
 * Gives the scheduler's hot path type feedback for every branch a strategy will take, before the
 * strategy is measured.
 *
 * Why: V8 optimizes the scheduler core (step, decide, dispatch, record, the queue) while the
 * first strategy runs. Its drain — arrivals over, the policy's end-of-run flush, the last
 * completions — runs code that never ran before, and optimized code that meets a branch without
 * feedback is thrown away ("insufficient type feedback" deoptimizations at the end of each
 * strategy, seen with --trace-deopt). The next strategy then started on the interpreter and ran
 * slow until TurboFan had recompiled it, competing for the cores meanwhile: p99 in the first
 * ~500 ms of every strategy was 3–5× that of the rest, which made the order of strategies change
 * their numbers. A short dry run of the same policy through its whole life (arrivals, waits,
 * dispatches, drain and flush) on a null executor records that feedback up front.
 */
import type { StrategyConfig } from '../../shared/profileTypes';
import type { StrategyContext } from '../../shared/strategies/strategyDescriptor';
import { createPolicy, maxBatchOf } from '../../shared/strategies/strategyConfigs';
import { RecordBuffer } from '../metrics/recordBuffer';
import { OpenLoopArrivals } from './arrivalSource';
import { monotonicMs } from './clock';
import { NullExecutor } from './executor';
import { queuePolicyOf } from './queuePolicy';
import { SchedulerCore, type BatchListener } from './schedulerCore';

/** Requests in the dry run: enough for V8 to see every branch many times, ~10–50 ms of CPU. */
const PRIME_REQUESTS = 20_000;
/** Their spacing, ms (500k requests/s): the dry run takes ~40 ms of real time. */
const PRIME_GAP_MS = 0.002;
/** Give up after this long, ms, whatever the policy does. */
const PRIME_LIMIT_MS = 250;

/**
 * Dry-runs `config`'s policy through a scheduler core on a null executor, on the real clock (the
 * real run reads it the same way), arrivals packed into ~40 ms. The records and
 * the policy are thrown away; only the JIT's feedback stays. `listener` is the run's own batch
 * listener type, so that call site sees the target it will see when measured.
 */
export function primeScheduler(
  config: StrategyConfig,
  context: StrategyContext,
  instances: number,
  listener: BatchListener,
  sizeKeyOf?: (id: number) => number,
): void {
  const policy = createPolicy(config, context);
  const maxBatch = Math.max(1, maxBatchOf(config));
  const times = new Float64Array(PRIME_REQUESTS);
  for (let i = 0; i < times.length; i++) times[i] = i * PRIME_GAP_MS;
  const origin = monotonicMs();
  const core = new SchedulerCore({
    policy,
    executor: new NullExecutor(instances, maxBatch, () => monotonicMs()),
    arrivals: new OpenLoopArrivals(times),
    records: new RecordBuffer(PRIME_REQUESTS),
    durationMs: times[times.length - 1] + PRIME_GAP_MS,
    originMs: origin,
    runClock: true,
    sizeKeyOf,
    queuePolicy: queuePolicyOf(config),
    batchListener: listener,
  });
  for (;;) {
    const now = monotonicMs() - origin;
    core.step(now);
    if (core.finished) return;
    if (now > PRIME_LIMIT_MS) {
      core.abort();
      return;
    }
  }
}
