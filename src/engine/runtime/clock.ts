/**
 * The run's clock. process.hrtime is the same monotonic clock in every thread of a process,
 * so timestamps taken in inference workers and on the scheduler thread compare directly
 * (performance.now() alone does not: each worker has its own time origin).
 *
 * But process.hrtime.bigint() allocates a BigInt per call, and the scheduler and workers read
 * the clock millions of times a second while they spin: that garbage triggers young-generation
 * collections, which pause the very threads whose timing we measure. performance.now() returns a
 * plain double from the same underlying monotonic source, so each thread measures once how far
 * its performance.now() is from hrtime and then reads performance.now() plus that offset.
 */
import { performance } from 'perf_hooks';

function hrtimeMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Offset from this thread's performance.now() to hrtime, from the tightest of a few brackets. */
function measureOffset(): number {
  let best = Infinity;
  let offset = 0;
  for (let i = 0; i < 50; i++) {
    const before = performance.now();
    const hr = hrtimeMs();
    const after = performance.now();
    if (after - before < best) {
      best = after - before;
      offset = hr - (before + after) / 2;
    }
  }
  return offset;
}

const offsetMs = measureOffset();

/** Monotonic time in ms (float, sub-microsecond resolution) since an arbitrary process-wide origin. */
export function monotonicMs(): number {
  return performance.now() + offsetMs;
}

/**
 * Spin loops read the clock on one pass in CLOCK_READ_MASK + 1 and watch their shared-memory
 * counter on every pass. A clock read returns a fresh heap number (performance.now() is not
 * inlined), so a loop reading it every pass made hundreds of MB of garbage a second — a
 * young-generation collection every few ms on the spinning threads, whose parallel GC tasks then
 * compete with the model for the cores. An Atomics.load is a few ns: 32 of them between clock
 * reads keep time to well under a microsecond.
 */
export const CLOCK_READ_MASK = 31;
