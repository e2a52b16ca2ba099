/**
 * What the scheduler core needs from whatever runs batches: start a batch on an idle instance,
 * and find out, without blocking, which batches have finished. The worker pool implements it
 * over shared memory; the null executor completes every batch at once (to measure the
 * scheduler alone).
 */
import type { CoreBudget } from './spinPolicy';

/** Called for each batch found finished; times are on the run clock (monotonicMs). */
export type CompletionHandler = (
  instance: number,
  computeStartMs: number,
  computeEndMs: number,
  padFraction: number,
) => void;

export interface Executor {
  readonly instances: number;
  /** Largest batch an instance accepts. */
  readonly maxBatch: number;
  /** Starts a batch of `count` request ids (ids[0..count)) on idle `instance`. Never blocks. */
  submit(instance: number, ids: Int32Array, count: number, paddedSize: number): void;
  /** Reports every batch that finished since the last poll; returns how many. Never blocks. */
  poll(onDone: CompletionHandler): number;
  /** A number that changes whenever a batch finishes: cheap to read while spinning. */
  completionStamp(): number;
  /**
   * Resolves when a batch may have finished (stamp differs from `stamp`) or after `timeoutMs`
   * (Infinity: no timeout). Lets the scheduler thread sleep without missing a completion.
   */
  waitForCompletion(stamp: number, timeoutMs: number): Promise<void>;
  /** Set once an instance has failed or died; the run must stop with this error. */
  failure(): Error | null;
  /**
   * Optional: work is expected soon. Idle instances should stop sleeping and watch for it until
   * absolute run-clock time `until`, so a batch dispatched then starts without a wake-up delay.
   */
  prewake?(until: number): void;
  /**
   * Optional: how this executor's threads share the cores (spinPolicy.ts). Absent: precise waits,
   * as for an executor that runs nothing on other threads.
   */
  readonly coreBudget?: CoreBudget;
  /**
   * Optional: blocks the calling thread (a futex, no CPU) until a batch may have finished (stamp
   * differs from `stamp`) or `timeoutMs` has passed. Wake-ups are precise to tens of µs, unlike
   * waitForCompletion's timer; the scheduler uses it only for waits of a few ms at most.
   */
  parkForCompletion?(stamp: number, timeoutMs: number): 'ok' | 'not-equal' | 'timed-out';
  /** Optional: how long before work is due idle instances should be pre-woken, ms (their wake-up latency). */
  prewakeLeadMs?(): number;
  /**
   * Optional: when the latest batch finished computing (its worker's stamp, run clock): when a
   * completion really happened, however late the scheduler woke to see it.
   */
  lastComputeEndMs?(): number;
  /**
   * Optional: when the earliest running batch should finish computing (run clock, ms), from the
   * worker's own start stamp; NaN when unknown. Sharper than the scheduler core's estimate.
   */
  expectedComputeEndMs?(): number;
}

/**
 * Completes every batch the moment it is submitted, with zero compute time. Drives the
 * scheduler core alone, to measure its own cost per request (benchmark figure c).
 */
export class NullExecutor implements Executor {
  readonly maxBatch: number;
  /** Instances submitted since the last poll (each instance at most once: it is busy until polled). */
  private readonly pending: Int32Array;
  private count = 0;
  private stamp = 0;

  constructor(
    readonly instances: number,
    maxBatch: number,
    private readonly now: () => number,
  ) {
    this.maxBatch = maxBatch;
    this.pending = new Int32Array(instances);
  }

  submit(instance: number): void {
    this.pending[this.count++] = instance;
    this.stamp++;
  }

  poll(onDone: CompletionHandler): number {
    const n = this.count;
    if (n === 0) return 0;
    const t = this.now();
    this.count = 0;
    for (let i = 0; i < n; i++) onDone(this.pending[i], t, t, 0);
    return n;
  }

  completionStamp(): number {
    return this.stamp;
  }

  waitForCompletion(): Promise<void> {
    return Promise.resolve();
  }

  failure(): Error | null {
    return null;
  }
}
