/**
 * When to spin and when to park. Spinning (watching a shared counter or the clock in a loop) is
 * the only way to react within microseconds, but a spinning thread holds a core: where the model's
 * threads and the scheduler already fill every core, each spin is time taken from inference, or
 * from the GC and runtime threads that then preempt the spinners for whole scheduler slices.
 *
 * So the engine counts cores first (coreBudget): with a core to spare it keeps the precise
 * spin-heavy waits; without one every wait spins for a bounded, learned time and then parks in
 * Atomics.wait (a futex), like an adaptive mutex. Pure: no clock, no I/O, no allocation after
 * construction, so every decision is testable with made-up wait times.
 */

/**
 * `precise`: spin freely near deadlines and completions (a core is free for it).
 * `adaptive`: spin only as long as spinning has recently paid, never longer than `maxSpinMs`.
 */
export type WaitMode = 'precise' | 'adaptive';

/** How the engine's threads share the machine's cores. */
export interface CoreBudget {
  /** Cores this process may run on. */
  cores: number;
  /** Threads running inference: instances × intra-op threads per instance. */
  modelThreads: number;
  /** Cores left after the model's threads and the scheduler thread (negative: oversubscribed). */
  spare: number;
  mode: WaitMode;
  /** Longest spin any waiter may make in adaptive mode, ms (Infinity in precise mode). */
  maxSpinMs: number;
}

/**
 * Spin cap with no spare core but no oversubscription, ms: a few futex wake-ups' worth (a
 * wake-up costs tens of µs on an idle core, more on a VM), so spinning to the cap costs at most
 * a small multiple of what parking would have cost (the classic spin-then-block bound).
 */
export const TIGHT_MAX_SPIN_MS = 0.2;
/** Spin cap when the model's threads alone outnumber the cores: every spin preempts inference. */
export const OVERSUBSCRIBED_MAX_SPIN_MS = 0.05;

/**
 * Decides the wait mode from the core count and the model's threads. `threadsPerInstance` ≤ 0
 * means the runtime's default, which uses every core.
 */
export function coreBudget(cores: number, instances: number, threadsPerInstance: number): CoreBudget {
  const c = Math.max(1, Math.floor(cores));
  const perInstance = threadsPerInstance > 0 ? threadsPerInstance : c;
  const modelThreads = Math.max(1, instances) * perInstance;
  const spare = c - modelThreads - 1;
  if (spare >= 1) return { cores: c, modelThreads, spare, mode: 'precise', maxSpinMs: Infinity };
  return {
    cores: c,
    modelThreads,
    spare,
    mode: 'adaptive',
    maxSpinMs: spare === 0 ? TIGHT_MAX_SPIN_MS : OVERSUBSCRIBED_MAX_SPIN_MS,
  };
}

/** Weight of a new sample in the running estimates below (a memory of ~16 waits). */
const GAIN = 1 / 16;

/**
 * A running upper estimate of a positive quantity (a wake-up's lateness, a wait's length):
 * mean plus twice the mean absolute deviation, both exponentially weighted. Samples are clipped
 * at `clipAt` first, so one preemption of several ms moves the estimate by a bounded step instead
 * of pinning it high for the next hundred waits.
 */
export class UpperEstimate {
  private mean: number;
  private dev: number;

  constructor(
    initial: number,
    private readonly clipAt: number,
  ) {
    this.mean = initial;
    this.dev = initial / 2;
  }

  /** The estimate: mean + 2 × deviation. */
  get value(): number {
    return this.mean + 2 * this.dev;
  }

  add(sample: number): void {
    const x = sample < 0 ? 0 : sample > this.clipAt ? this.clipAt : sample;
    const d = x - this.mean;
    this.mean += GAIN * d;
    this.dev += GAIN * ((d < 0 ? -d : d) - this.dev);
  }
}

/**
 * A running estimate of a signed error (how far events land from where they were expected):
 * its mean (the bias) and mean absolute deviation (the spread), exponentially weighted, with
 * samples clipped to ±`clipAt` for the same reason as UpperEstimate.
 */
export class DriftEstimate {
  private m = 0;
  private d = 0;

  constructor(private readonly clipAt: number) {}

  get mean(): number {
    return this.m;
  }

  get deviation(): number {
    return this.d;
  }

  add(sample: number): void {
    const x = sample < -this.clipAt ? -this.clipAt : sample > this.clipAt ? this.clipAt : sample;
    const e = x - this.m;
    this.m += GAIN * e;
    this.d += GAIN * ((e < 0 ? -e : e) - this.d);
  }
}

/**
 * How long before an expected event a waiter should start spinning, ms: its timer's lateness
 * (`margin`, a parked waiter wakes that late) plus twice the spread of the expectation's error,
 * but never more than half the cap, so an event that lands where expected is always a near one.
 */
export function spinLeadMs(margin: number, spread: number, maxSpinMs: number): number {
  const lead = margin + 2 * spread;
  return lead < maxSpinMs / 2 ? lead : maxSpinMs / 2;
}

/** Share of recent waits that must have ended within the cap for spinning to continue. */
export const SPIN_PAYS_SHARE = 0.5;
/** Spin at least this long when spinning at all, ms: below it a spin catches nothing. */
export const MIN_SPIN_MS = 0.005;

/**
 * One waiter's adaptive spin budget. Before parking, the waiter spins for `spinMs()`; when the
 * event comes it reports how long after the wait began (`record`), whether it was caught spinning
 * or after a wake-up. Waits that ended within `maxSpinMs` are "near": a spin up to the cap would
 * have caught them. The waiter spins while most recent waits were near, for a little more than
 * their upper length, and parks at once when most were far — an idle worker at light load stops
 * spinning within a few waits, and one fed back to back starts again as soon as waits get short.
 * Because a parked waiter still reports how long the wait was, the estimate keeps learning while
 * it does not spin.
 */
export class SpinBudget {
  /** Exponentially weighted share of waits that ended within the cap. */
  private nearShare = 1;
  private readonly nearWait: UpperEstimate;

  constructor(readonly maxSpinMs: number) {
    // Start like the fixed spin did: spin to the cap until the waits say otherwise.
    this.nearWait = new UpperEstimate(maxSpinMs / 2, maxSpinMs);
  }

  /** How long to spin before parking now, ms (0: park at once). */
  spinMs(): number {
    if (this.nearShare < SPIN_PAYS_SHARE) return 0;
    const want = 1.5 * this.nearWait.value;
    return want < MIN_SPIN_MS ? MIN_SPIN_MS : want > this.maxSpinMs ? this.maxSpinMs : want;
  }

  /** The event came `waitedMs` after the wait began. */
  record(waitedMs: number): void {
    const near = waitedMs <= this.maxSpinMs;
    this.nearShare += GAIN * ((near ? 1 : 0) - this.nearShare);
    if (near) this.nearWait.add(waitedMs);
  }

  /** Share of recent waits that ended within the cap (for tests and diagnostics). */
  get recentNearShare(): number {
    return this.nearShare;
  }
}
