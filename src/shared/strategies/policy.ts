/**
 * The one interface every batching policy implements. A policy is pure: it sees the queue and
 * the clock and answers what to do. It never reads a real clock, never sets a timer and never
 * touches a worker, so the same code runs under the real scheduler and under a virtual clock
 * (tests, the simulator). No Node or DOM imports: the webview includes the strategy registry.
 */

/**
 * Read-only view of the waiting requests in dispatch order: highest priority level first, oldest
 * first within a level (with one level, simply oldest first). Times are ms on the run's clock.
 */
export interface QueueView {
  readonly length: number;
  /** Scheduled arrival time of the i-th waiting request. */
  scheduledAt(i: number): number;
  /** Time the i-th waiting request actually entered the queue. */
  enqueuedAt(i: number): number;
  /**
   * The i-th request's size along the model's variable-length dims (the product of its drawn
   * symbolic dim values; 1 when the model has none). Bucketed batching groups by it.
   */
  sizeKey(i: number): number;
  /** Priority level of the i-th request: 0 is the highest. */
  priority(i: number): number;
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
 * - `dispatch`: take the `count` first requests of the view as one batch now (`flushed` marks an
 *   end-of-run flush of a batch that never filled). With `select`, take the requests at those
 *   view positions instead (ascending, `count` of them): bucketed batching picks one bucket.
 * - `wait`: nothing to do until something changes; `until` asks to be asked again at that time
 *   even if nothing changes (e.g. when the oldest request's max queue delay expires).
 * - `shed`: reject the `count` first requests of the view now, without running them: they can no
 *   longer finish within their deadline. With `select`, reject those view positions instead
 *   (ascending): with priority levels an expired request need not be at the front. The scheduler
 *   records them as rejected and asks again.
 */
export type PolicyDecision =
  | { kind: 'dispatch'; count: number; flushed?: boolean; select?: ArrayLike<number> }
  | { kind: 'wait'; until?: number }
  | { kind: 'shed'; count: number; select?: ArrayLike<number> };

/** Feedback after a batch completes; adaptive policies learn from it. */
export interface BatchOutcome {
  size: number;
  computeMs: number;
  /** Scheduled arrival to done, per request in the batch. */
  latenciesMs: ArrayLike<number>;
  completedAt: number;
}

/**
 * What an adaptive policy believes right now, sampled into the profile's time series so the
 * panel can draw it ("batch size cap over time"). Every field is optional: a policy reports what
 * it has.
 */
export interface PolicyState {
  /** The largest batch the policy would dispatch now. */
  capBatch?: number;
  /** Fitted cost model `perItemMs·n + baseMs` of one batch. */
  costPerItemMs?: number;
  costBaseMs?: number;
  /** The policy's latency estimate for the batch it would dispatch now, ms. */
  estimateMs?: number;
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
  /** Optional: the policy's internal state, for the "adaptivity over time" chart. */
  observe?(): PolicyState;
}
