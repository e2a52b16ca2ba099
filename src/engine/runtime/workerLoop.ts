/**
 * The worker side of the shared-memory hand-off (see channel.ts), common to every executor
 * kind: park in Atomics.wait, run the batch, stamp compute start/end with the run's clock,
 * signal completion. The executor-specific part is the `runBatch` callback.
 */
import { parentPort, type MessagePort } from 'worker_threads';
import { CLOCK_READ_MASK, monotonicMs } from './clock';
import {
  ADAPTIVE_MAX_SPIN,
  CMD_SEQ,
  COMPUTE_END,
  COMPUTE_START,
  COUNT,
  DONE_SEQ,
  FAILED,
  OP,
  OP_STOP,
  PADDED,
  PAD_FRACTION,
  NOTIFY_AT,
  SPIN_UNTIL,
  WAKE_LATENCY,
  type ChannelViews,
} from './channel';
import { SpinBudget, UpperEstimate } from './spinPolicy';
import type { BatchFailure, WorkerToPool } from './workerProtocol';

/**
 * Runs one batch. `ids` holds `count` request ids (a view, valid only during the call);
 * `paddedSize` ≥ count. Returns the batch's pad fraction. May return a promise (ORT's run does),
 * but should do its work synchronously where it can.
 */
export type BatchRunner = (ids: Int32Array, count: number, paddedSize: number) => number | Promise<number>;

/**
 * After a batch, watch for the next command this long before parking in Atomics.wait: under
 * load the next batch usually follows at once, and a futex wake-up can cost far more than this.
 * Precise mode only; adaptive mode learns the spin (SpinBudget) from how soon commands follow.
 */
const SPIN_BEFORE_PARK_MS = 0.3;
/** Upper bound on a spin the scheduler asks for, in case its request is stale (precise mode). */
const MAX_REQUESTED_SPIN_MS = 5;
/** Adaptive mode: the scheduler's requested spin (pre-wake) is bounded by this many spin caps. */
const REQUESTED_SPINS_OF_CAP = 4;
/** Wake-up latencies above this are preemptions, not what a pre-wake should plan for, ms. */
const WAKE_LATENCY_CLIP_MS = 1;

/** Posts a message to the pool (no-op outside a worker, e.g. under a test harness). */
export function postToPool(message: WorkerToPool): void {
  parentPort?.postMessage(message);
}

/**
 * Serves batches until the pool sends stop. Resolves when stopped. Why a batch threw goes to
 * `failurePort` (the worker's end of the pool's dedicated channel, see BatchFailure).
 */
export async function serveBatches(
  ch: ChannelViews,
  failurePort: MessagePort,
  runBatch: BatchRunner,
): Promise<void> {
  // Start from the last command this worker finished, not from CMD_SEQ: the pool may already have
  // sent the first batch (right after 'ready') before this line runs.
  let seen = Atomics.load(ch.control, DONE_SEQ);
  const maxSpinMs = ch.results[ADAPTIVE_MAX_SPIN];
  // Adaptive waits (no spare core): learn how long to spin after a batch, and how long a wake-up
  // from the futex takes, which the scheduler reads to pre-wake this worker just in time.
  const budget = maxSpinMs > 0 ? new SpinBudget(maxSpinMs) : null;
  const wakeLatency = maxSpinMs > 0 ? new UpperEstimate(maxSpinMs / 4, WAKE_LATENCY_CLIP_MS) : null;
  if (wakeLatency) ch.results[WAKE_LATENCY] = wakeLatency.value;
  const maxRequestedMs = budget ? REQUESTED_SPINS_OF_CAP * maxSpinMs : MAX_REQUESTED_SPIN_MS;
  /** When this worker last became idle: the wait the spin budget learns from. */
  let idleSince = monotonicMs();
  for (;;) {
    const t = monotonicMs();
    // Precise: spin a fixed time after each wake-up. Adaptive: the learned spin after the batch
    // (a pre-wake adds only the spin the scheduler asked for).
    const spinEnd = Math.max(
      budget ? idleSince + budget.spinMs() : t + SPIN_BEFORE_PARK_MS,
      Math.min(ch.results[SPIN_UNTIL], t + maxRequestedMs),
    );
    // Spin briefly (see SPIN_BEFORE_PARK_MS), reading the clock on one pass in 32 (see clock.ts).
    for (let pass = 1; Atomics.load(ch.control, CMD_SEQ) === seen; pass++) {
      if ((pass & CLOCK_READ_MASK) === 0 && monotonicMs() >= spinEnd) break;
    }
    // Blocks this thread until the scheduler bumps CMD_SEQ; nothing else runs here meanwhile.
    const woke = Atomics.wait(ch.control, CMD_SEQ, seen);
    if (wakeLatency && woke === 'ok') {
      wakeLatency.add(monotonicMs() - ch.results[NOTIFY_AT]);
      ch.results[WAKE_LATENCY] = wakeLatency.value;
    }
    const seq = Atomics.load(ch.control, CMD_SEQ);
    if (seq === seen) continue; // a pre-wake (see SPIN_UNTIL) or a spurious wake: spin, then park again
    seen = seq;
    if (Atomics.load(ch.control, OP) === OP_STOP) return;
    const count = ch.control[COUNT];
    const padded = ch.control[PADDED];
    const ids = ch.members.subarray(0, count);
    const start = monotonicMs();
    // Published now too (not only with the result): the scheduler predicts the end from it.
    ch.results[COMPUTE_START] = start;
    budget?.record(start - idleSince);
    let pad = 0;
    try {
      const r = runBatch(ids, count, padded);
      pad = typeof r === 'number' ? r : await r;
    } catch (err) {
      // The reason first: the pool reads it as soon as it sees this batch done with FAILED set.
      const failure: BatchFailure = { message: err instanceof Error ? err.message : String(err) };
      failurePort.postMessage(failure);
      Atomics.store(ch.control, FAILED, 1);
    }
    const end = monotonicMs();
    ch.results[COMPUTE_START] = start;
    ch.results[COMPUTE_END] = end;
    ch.results[PAD_FRACTION] = pad;
    Atomics.store(ch.control, DONE_SEQ, seq);
    Atomics.add(ch.completions, 0, 1);
    Atomics.notify(ch.completions, 0);
    idleSince = monotonicMs();
  }
}
