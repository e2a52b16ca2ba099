/**
 * The one interface every batching policy implements. A policy is pure: it sees the queue and
 * the clock and answers what to do. It never reads a real clock, never sets a timer and never
 * touches a worker, so the same code runs under the real scheduler and under a virtual clock
 * (tests, a future simulator).
 */

/** Read-only view of the waiting requests, oldest first. Times are ms on the run's clock. */
export interface QueueView {
  readonly length: number;
  /** Scheduled arrival time of the i-th oldest waiting request. */
  scheduledAt(i: number): number;
  /** Time the i-th oldest waiting request actually entered the queue. */
  enqueuedAt(i: number): number;
}

/** What the scheduler knows besides the queue. */
export interface SchedulerState {
  /** Current time, ms. */
  readonly now: number;
  /** Model instances free to take a batch right now (the scheduler only asks when > 0). */
  readonly idleInstances: number;
  /**
   * True once no further request will arrive in this run: policies that wait for more work
   * (static) must flush what they hold.
   */
  readonly draining: boolean;
}

/**
 * A policy's answer:
 * - `dispatch`: take the `count` oldest requests as one batch now (`flushed` marks an end-of-run
 *   flush of a batch that never filled).
 * - `wait`: nothing to do until something changes; `until` asks to be asked again at that time
 *   even if nothing changes (e.g. when the oldest request's max queue delay expires).
 */
export type PolicyDecision =
  { kind: 'dispatch'; count: number; flushed?: boolean } | { kind: 'wait'; until?: number };

/** Feedback after a batch completes; adaptive policies learn from it. */
export interface BatchOutcome {
  size: number;
  computeMs: number;
  /** Scheduled arrival to done, per request in the batch. */
  latenciesMs: ArrayLike<number>;
  completedAt: number;
}

export interface BatchingPolicy {
  /** Short name as used on the command line: "none", "static", "dynamic". */
  readonly name: string;
  /** The largest batch this policy will ever dispatch (sizes buffers, checks model limits). */
  readonly maxBatch: number;
  /**
   * Called whenever the queue or the instances change, and at any time a previous `wait.until`
   * asked for. May be called with an empty queue. Must not mutate the queue.
   */
  decide(queue: QueueView, state: SchedulerState): PolicyDecision;
  /** Optional feedback hook. */
  onBatchComplete?(outcome: BatchOutcome): void;
}
