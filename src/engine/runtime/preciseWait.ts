/**
 * Waiting on the scheduler thread without missing a deadline or a completion by more than a
 * few microseconds. Node's timers (and Atomics.waitAsync's timeout) are ~1 ms coarse and can
 * oversleep, so sleep only until SPIN_WINDOW_MS before the moment that matters, then spin on the
 * clock and the executor's completion counter.
 */
import { monotonicMs } from './clock';
import type { Executor } from './executor';

/** How long before a deadline the scheduler stops sleeping and starts spinning, ms. */
export const SPIN_WINDOW_MS = 2;
/** How long before a batch may be due idle workers are woken to spin (a futex wake-up takes µs to ms). */
export const PREWAKE_LEAD_MS = 0.5;
/** How long past that moment they keep spinning, covering a late dispatch. */
export const PREWAKE_MARGIN_MS = 0.3;

/**
 * Returns at absolute time `deadline` (monotonicMs) or as soon as a batch completes, whichever
 * comes first. `expectedCompletion` (absolute, may be Infinity) is when a running batch should
 * finish: the wait spins around it too, and falls back to sleeping if it is overdue by more than
 * the spin window. `workAt` (absolute, may be Infinity) is when a batch may be dispatched (an
 * arrival, a policy deadline): idle workers are pre-woken just before it.
 */
export async function waitForDeadlineOrCompletion(
  executor: Executor,
  deadline: number,
  expectedCompletion: number,
  workAt = Infinity,
): Promise<void> {
  const stamp = executor.completionStamp();
  let now = monotonicMs();
  if (expectedCompletion + SPIN_WINDOW_MS < now) expectedCompletion = Infinity;
  const attention = Math.min(deadline, expectedCompletion);
  const sleepMs = attention - SPIN_WINDOW_MS - now;
  if (sleepMs > 0.05) {
    await executor.waitForCompletion(stamp, sleepMs);
    if (executor.completionStamp() !== stamp) return;
  }
  const spinUntil = Math.min(deadline, expectedCompletion + SPIN_WINDOW_MS);
  let prewoken = executor.prewake === undefined || !Number.isFinite(workAt);
  while (now < spinUntil) {
    if (executor.completionStamp() !== stamp) return;
    if (!prewoken && now >= workAt - PREWAKE_LEAD_MS) {
      executor.prewake?.(workAt + PREWAKE_MARGIN_MS);
      prewoken = true;
    }
    now = monotonicMs();
  }
}

/** Lets queued events (abort signals, worker exits, listeners' I/O) run; ~tens of µs. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
