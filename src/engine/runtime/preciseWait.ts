/**
 * Waiting on the scheduler thread without missing a deadline or a completion by more than a
 * few microseconds. Node's timers (and Atomics.waitAsync's timeout) are ~1 ms coarse and can
 * oversleep, so sleep only until SPIN_WINDOW_MS before the moment that matters, then spin on the
 * clock and the executor's completion counter.
 *
 * That is the precise mode, for machines with a core to spare (spinPolicy.ts). Without one the
 * last window is spent parked in a futex instead (Atomics.wait on the completion counter: a batch
 * finishing wakes it, and its timeout is precise to tens of µs), spinning only for the learned
 * lateness of that timeout before a deadline and, around an expected completion, only as long as
 * such spins have recently caught the completion.
 */
import * as fs from 'fs';
import { CLOCK_READ_MASK, monotonicMs } from './clock';
import type { Executor } from './executor';
import { DriftEstimate, SpinBudget, UpperEstimate, spinLeadMs } from './spinPolicy';

/** How long before a deadline the scheduler stops sleeping and starts spinning, ms. */
export const SPIN_WINDOW_MS = 2;
/**
 * Adaptive mode: how long before a deadline the scheduler leaves the event loop's timer for the
 * futex, ms. The timer oversleeps by ~1 ms, and by several on a busy machine; parking costs no
 * CPU, so the window can be wider than the spin window (the event loop still runs at each tick).
 */
export const PARK_WINDOW_MS = 5;
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
  if (executor.coreBudget?.mode === 'adaptive' && executor.parkForCompletion !== undefined)
    return waitAdaptively(executor, deadline, expectedCompletion, workAt);
  const stamp = executor.completionStamp();
  const now = monotonicMs();
  if (expectedCompletion + SPIN_WINDOW_MS < now) expectedCompletion = Infinity;
  const attention = Math.min(deadline, expectedCompletion);
  const sleepMs = attention - SPIN_WINDOW_MS - now;
  if (sleepMs > 0.05) {
    await executor.waitForCompletion(stamp, sleepMs);
    if (executor.completionStamp() !== stamp) return;
  }
  spinPrecisely(executor, stamp, Math.min(deadline, expectedCompletion + SPIN_WINDOW_MS), workAt);
}

/**
 * The precise spin, in a plain (not async) function on purpose: a local an async function keeps
 * across an await lives in a heap context, and every double stored there is a fresh heap number —
 * a clock read per spin iteration became ~100 MB/s of garbage and a young-generation collection
 * every ~70 ms on the scheduler thread. Here the locals stay in registers.
 */
function spinPrecisely(executor: Executor, stamp: number, spinUntil: number, workAt: number): void {
  let prewoken = executor.prewake === undefined || !Number.isFinite(workAt);
  let pass = 0;
  for (let now = monotonicMs(); now < spinUntil;) {
    if (executor.completionStamp() !== stamp) return;
    if ((++pass & CLOCK_READ_MASK) !== 0) continue;
    now = monotonicMs();
    if (!prewoken && now >= workAt - PREWAKE_LEAD_MS) {
      executor.prewake?.(workAt + PREWAKE_MARGIN_MS);
      prewoken = true;
    }
  }
}

/** The scheduler's learned waits for one executor (adaptive mode). */
interface AdaptiveWaitState {
  /** How late a futex timeout wakes the scheduler, ms: the spin before a known moment. */
  timerLateness: UpperEstimate;
  /** Spin around an expected completion: does it usually come within the cap of the spin's start? */
  completion: SpinBudget;
  /**
   * Where completions really happen relative to the expected time, ms (bias and spread). The
   * expectation is the recent dispatch-to-seen time, so it includes the scheduler's own wake-up:
   * without this correction a scheduler that parked through one completion would open its spin
   * late for the next as well.
   */
  completionDrift: DriftEstimate;
  maxSpinMs: number;
}

const adaptiveStates = new WeakMap<Executor, AdaptiveWaitState>();

function adaptiveStateOf(executor: Executor, maxSpinMs: number): AdaptiveWaitState {
  let state = adaptiveStates.get(executor);
  if (!state) {
    reduceTimerSlack();
    state = {
      timerLateness: new UpperEstimate(maxSpinMs / 4, SPIN_WINDOW_MS),
      completion: new SpinBudget(maxSpinMs),
      completionDrift: new DriftEstimate(4 * maxSpinMs),
      maxSpinMs,
    };
    adaptiveStates.set(executor, state);
  }
  return state;
}

/** What the scheduler has learned about its waits on `executor` (adaptive mode), for diagnostics. */
export function adaptiveWaitDiagnostics(executor: Executor): {
  timerLatenessMs: number;
  completionDriftMs: number;
  completionSpreadMs: number;
  completionSpinMs: number;
  completionNearShare: number;
} | null {
  const s = adaptiveStates.get(executor);
  if (!s) return null;
  return {
    timerLatenessMs: s.timerLateness.value,
    completionDriftMs: s.completionDrift.mean,
    completionSpreadMs: s.completionDrift.deviation,
    completionSpinMs: s.completion.spinMs(),
    completionNearShare: s.completion.recentNearShare,
  };
}

let timerSlackReduced = false;

/**
 * Linux delays a sleeping thread's timer by up to its "timer slack" (50 µs by default) to batch
 * wake-ups. The scheduler thread wakes for deadlines it must honour to µs, so it asks for none
 * (a thread may set its own, no privilege needed). Best effort: elsewhere nothing happens.
 */
function reduceTimerSlack(): void {
  if (timerSlackReduced) return;
  timerSlackReduced = true;
  if (process.platform !== 'linux') return;
  try {
    fs.writeFileSync('/proc/thread-self/timerslack_ns', '1');
  } catch {
    // not permitted or no such file: the default slack only makes the learned spin longer
  }
}

/**
 * The adaptive form of waitForDeadlineOrCompletion (same contract). Known moments (the deadline,
 * the pre-wake) are slept to with a precise futex timeout, minus its learned lateness which is
 * then spun; an expected completion gets a spin of learned length, then the futex, which the
 * finishing worker's notify ends. Allocation-free apart from the async phase's promise.
 */
async function waitAdaptively(
  executor: Executor,
  deadline: number,
  expectedCompletion: number,
  workAt: number,
): Promise<void> {
  const state = adaptiveStateOf(executor, executor.coreBudget?.maxSpinMs ?? 0);
  const stamp = executor.completionStamp();
  const now = monotonicMs();
  // The spin into a known moment. While a batch runs it covers the timer's learned lateness, held
  // to the cap: spinning then takes a core from inference. With every instance idle there is no
  // inference to take a core from, so it spins the precise window, as with a core to spare: a
  // futex timeout on a busy machine is sometimes a millisecond late, and a max queue delay must be
  // honoured to tens of µs (benchmark (e)). That costs at most SPIN_WINDOW_MS per wait at light
  // load (≤ 10% of a core at 50 requests/s), not a pinned core.
  if (expectedCompletion + SPIN_WINDOW_MS < now) expectedCompletion = Infinity;
  const margin = Number.isFinite(expectedCompletion)
    ? Math.min(state.maxSpinMs, state.timerLateness.value)
    : SPIN_WINDOW_MS;
  // Pre-wake idle workers their wake-up latency before work may be due, less the timer's lateness.
  const prewakeAt =
    executor.prewake !== undefined && Number.isFinite(workAt)
      ? workAt - (executor.prewakeLeadMs?.() ?? PREWAKE_LEAD_MS) - margin
      : Infinity;
  const attention = Math.min(deadline, expectedCompletion, prewakeAt) - margin;
  // Far from anything: sleep with the event loop free (its timer oversleeps by a few ms at most).
  const sleepMs = attention - PARK_WINDOW_MS - now;
  if (sleepMs > 0.05) {
    await executor.waitForCompletion(stamp, sleepMs);
    if (executor.completionStamp() !== stamp) return;
  }
  spinOrPark(executor, state, stamp, deadline, expectedCompletion, workAt, margin, prewakeAt);
}

/**
 * The adaptive wait's last stretch: spin or park until the deadline, a completion or the pre-wake.
 * A plain function for the same reason as spinPrecisely: no double may live in an async context.
 */
function spinOrPark(
  executor: Executor,
  state: AdaptiveWaitState,
  stamp: number,
  deadline: number,
  expectedCompletion: number,
  workAt: number,
  margin: number,
  prewakeAt: number,
): void {
  let now = monotonicMs();
  const end = Math.min(deadline, expectedCompletion + SPIN_WINDOW_MS);
  // Where to spin for a completion: the executor's own prediction (the worker's start stamp plus
  // the recent compute time at this size) when it has one, corrected by the learned drift.
  const predicted = Number.isFinite(expectedCompletion) ? (executor.expectedComputeEndMs?.() ?? NaN) : NaN;
  const completionAt = predicted + SPIN_WINDOW_MS >= now ? predicted : expectedCompletion;
  const drift = state.completionDrift;
  const completionWindow = completionAt + drift.mean - spinLeadMs(margin, drift.deviation, state.maxSpinMs);
  let completionSpinStart = NaN;
  let completionSpinEnd = NaN;
  // While spinning, the clock is read on one pass in CLOCK_READ_MASK + 1 (see clock.ts).
  let spinning = false;
  let pass = 0;
  for (;;) {
    if (executor.completionStamp() !== stamp) {
      if (Number.isFinite(completionWindow)) {
        // When the batch really finished, not when this thread woke to see it.
        const doneAt = executor.lastComputeEndMs?.() ?? monotonicMs();
        drift.add(doneAt - completionAt);
        // Waited 0 when it finished before the spin began (the drift then moves the window).
        state.completion.record(Number.isNaN(completionSpinStart) ? 0 : doneAt - completionSpinStart);
      }
      return;
    }
    if (spinning && (++pass & CLOCK_READ_MASK) !== 0) continue;
    spinning = false;
    now = monotonicMs();
    if (now >= prewakeAt) {
      // Watching costs the worker nothing once the work comes: let it cover a late dispatch too.
      executor.prewake?.(workAt + state.maxSpinMs);
      prewakeAt = Infinity;
    }
    if (now >= end) return;
    if (now >= deadline - margin) {
      spinning = true;
      continue; // spin into the deadline
    }
    if (now >= completionWindow) {
      if (Number.isNaN(completionSpinStart)) {
        completionSpinStart = now;
        completionSpinEnd = now + state.completion.spinMs();
      }
      if (now < completionSpinEnd) {
        spinning = true;
        continue; // spin for the completion
      }
    }
    let until = Math.min(end, deadline - margin, prewakeAt);
    if (now < completionWindow && completionWindow < until) until = completionWindow;
    const r = executor.parkForCompletion?.(stamp, until - now);
    if (r === 'timed-out') state.timerLateness.add(monotonicMs() - until);
  }
}

/** Lets queued events (abort signals, worker exits, listeners' I/O) run; ~tens of µs. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
