/**
 * The run's clock. process.hrtime is the same monotonic clock in every thread of a process,
 * so timestamps taken in inference workers and on the scheduler thread compare directly
 * (performance.now() does not: each worker has its own time origin).
 */

/** Monotonic time in ms (float, sub-microsecond resolution) since an arbitrary process-wide origin. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
