/**
 * The hand-off between the scheduler thread and one worker, in shared memory.
 *
 * Why not postMessage: a structured-clone round trip costs tens of microseconds and wakes the
 * worker through its event loop. Here the scheduler writes the member ids and bumps a sequence
 * number; the worker, parked in Atomics.wait, wakes at once, runs, writes its timestamps and bumps
 * its own sequence number plus one counter shared by all workers, which is what the scheduler
 * waits on (Atomics.waitAsync) so a single wait covers every instance.
 */

/** Int32 slots of a worker's control block. */
export const CMD_SEQ = 0;
export const DONE_SEQ = 1;
export const COUNT = 2;
export const PADDED = 3;
/** 0 = run a batch, 1 = stop the worker. */
export const OP = 4;
/** 0 = fine, 1 = the last batch threw (the worker also posts the message). */
export const FAILED = 5;
const CONTROL_SLOTS = 8;

export const OP_RUN = 0;
export const OP_STOP = 1;

/** Float64 slots of a worker's result block. */
export const COMPUTE_START = 0;
export const COMPUTE_END = 1;
export const PAD_FRACTION = 2;
/**
 * Written by the scheduler, read by the worker: keep spinning for work until this run-clock time
 * (absolute ms). Set just before a batch is due, so a parked worker is awake when it comes. A
 * plain (not atomic) Float64 slot: a torn read could only shorten or lengthen one spin.
 */
export const SPIN_UNTIL = 3;
/** Written by the scheduler just before it notifies the worker (adaptive waits only): run-clock ms. */
export const NOTIFY_AT = 4;
/**
 * Written by the worker: its learned wake-up latency from a park (notify → running), ms, or 0
 * before it has one. The scheduler pre-wakes it this long before work is due.
 */
export const WAKE_LATENCY = 5;
/**
 * Written by the pool before the worker starts: 0 for precise waits, else adaptive waits with
 * this spin cap, ms (spinPolicy.ts).
 */
export const ADAPTIVE_MAX_SPIN = 6;
const RESULT_SLOTS = 7;

/** The shared buffers of one worker; plain SharedArrayBuffers so they pass through workerData. */
export interface ChannelBuffers {
  control: SharedArrayBuffer;
  members: SharedArrayBuffer;
  results: SharedArrayBuffer;
  /** One Int32 counter shared by every worker of a pool: bumped on each completion. */
  completions: SharedArrayBuffer;
}

/** Typed views over ChannelBuffers (each thread builds its own views over the same memory). */
export interface ChannelViews {
  control: Int32Array;
  members: Int32Array;
  results: Float64Array;
  completions: Int32Array;
}

/** Allocates one worker's buffers, sharing the pool-wide completion counter. */
export function createChannelBuffers(maxBatch: number, completions: SharedArrayBuffer): ChannelBuffers {
  return {
    control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
    members: new SharedArrayBuffer(Math.max(1, maxBatch) * 4),
    results: new SharedArrayBuffer(RESULT_SLOTS * 8),
    completions,
  };
}

export function channelViews(b: ChannelBuffers): ChannelViews {
  return {
    control: new Int32Array(b.control),
    members: new Int32Array(b.members),
    results: new Float64Array(b.results),
    completions: new Int32Array(b.completions),
  };
}
