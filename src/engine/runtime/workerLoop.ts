/**
 * The worker side of the shared-memory hand-off (see channel.ts), common to every executor
 * kind: park in Atomics.wait, run the batch, stamp compute start/end with the run's clock,
 * signal completion. The executor-specific part is the `runBatch` callback.
 */
import { parentPort, type MessagePort } from 'worker_threads';
import { monotonicMs } from './clock';
import {
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
  SPIN_UNTIL,
  type ChannelViews,
} from './channel';
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
 */
const SPIN_BEFORE_PARK_MS = 0.3;
/** Upper bound on a spin the scheduler asks for, in case its request is stale. */
const MAX_REQUESTED_SPIN_MS = 5;

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
  for (;;) {
    const t = monotonicMs();
    const spinEnd = Math.max(
      t + SPIN_BEFORE_PARK_MS,
      Math.min(ch.results[SPIN_UNTIL], t + MAX_REQUESTED_SPIN_MS),
    );
    while (Atomics.load(ch.control, CMD_SEQ) === seen && monotonicMs() < spinEnd) {
      // spin briefly: see SPIN_BEFORE_PARK_MS
    }
    // Blocks this thread until the scheduler bumps CMD_SEQ; nothing else runs here meanwhile.
    Atomics.wait(ch.control, CMD_SEQ, seen);
    const seq = Atomics.load(ch.control, CMD_SEQ);
    if (seq === seen) continue; // a pre-wake (see SPIN_UNTIL) or a spurious wake: spin, then park again
    seen = seq;
    if (Atomics.load(ch.control, OP) === OP_STOP) return;
    const count = ch.control[COUNT];
    const padded = ch.control[PADDED];
    const ids = ch.members.subarray(0, count);
    const start = monotonicMs();
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
  }
}
