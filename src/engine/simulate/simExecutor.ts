/**
 * The simulator's executor: the scheduler core submits batches to it exactly as to the worker
 * pool, and each batch "computes" for a latency drawn from the model's calibrated distribution
 * (latencyModel.ts), on a virtual clock. Nothing runs; a batch is done once the clock has passed
 * its end.
 */
import type { CompletionHandler, Executor } from '../runtime/executor';
import type { LatencyModel } from './latencyModel';

/** The simulation's clock: the driver moves it; the executor and the core read it. */
export interface VirtualClock {
  now: number;
}

/**
 * What changes for a batch that finds its instance idle (calibration's light-load point): the
 * worker wakes from its park, and the model starts cold (caches, clock frequency).
 */
export interface ColdStart {
  /** Idle at least this long, ms, counts as cold. */
  afterIdleMs: number;
  /** Dispatch → compute start instead of the busy hand-off, ms. */
  handoffMs: number;
  /** Added to the batch's latency, ms. */
  extraMs: number;
}

/** The engine's per-batch hand-off and return as measured distributions (CalibrationDetail.pipeline). */
export interface OverheadDraws {
  /** Ascending, ms. */
  handoffSamplesMs: readonly number[];
  returnSamplesMs: readonly number[];
  /** Added to every return draw (never below 0 in all) so the drawn cycle's mean is the intended one, ms; may be negative. */
  returnShiftMs: number;
}

/**
 * Overhead draws stop at the probe's 99th percentile: the probe lasts 0.4 s, and one stall of
 * hundreds of ms in it (the machine busy elsewhere for a moment) would otherwise become every
 * 200th simulated batch, and make every configuration miss any SLO.
 */
const OVERHEAD_TAIL_CUT = 0.99;

/** Quantile `u` ∈ [0, 1) of ascending `xs`, linear between ranks. */
function sortedQuantile(xs: readonly number[], u: number): number {
  const pos = u * (xs.length - 1);
  const i = Math.floor(pos);
  return i + 1 < xs.length ? xs[i] + (pos - i) * (xs[i + 1] - xs[i]) : xs[xs.length - 1];
}

export class SimExecutor implements Executor {
  readonly maxBatch: number;
  private readonly startMs: Float64Array;
  private readonly endMs: Float64Array;
  /** When the scheduler has each instance's batch back: its end plus the return. */
  private readonly doneAtMs: Float64Array;
  private readonly busy: Uint8Array;
  private readonly padFraction: Float64Array;
  private running = 0;
  private stamp = 0;

  constructor(
    readonly instances: number,
    maxBatch: number,
    private readonly clock: VirtualClock,
    private readonly model: LatencyModel,
    /** Uniform draws in [0, 1): seeded, so a simulation replays exactly. */
    private readonly random: () => number,
    /** Length key of request `id` (its symbolic dims' product); null: one length for all. */
    private readonly sizeKeyOf: ((id: number) => number) | null = null,
    /** Time from dispatch to compute start (the hand-off to a worker), ms. */
    private readonly handoffMs = 0,
    /** Time from compute end until the scheduler has the batch back, ms: the instance is busy until then. */
    private readonly returnMs = 0,
    /** A batch after the instance idled: a slower start and a colder model (null: no difference). */
    private readonly cold: ColdStart | null = null,
    /**
     * Hand-off and return drawn per batch from the measured distributions (their rare stalls
     * included) instead of the constants above; null: the constants.
     */
    private readonly overhead: OverheadDraws | null = null,
  ) {
    this.maxBatch = maxBatch;
    this.startMs = new Float64Array(instances);
    // -Infinity: an instance that never ran has been idle forever (its first batch starts cold).
    this.endMs = new Float64Array(instances).fill(-Infinity);
    this.doneAtMs = new Float64Array(instances).fill(-Infinity);
    this.busy = new Uint8Array(instances);
    this.padFraction = new Float64Array(instances);
  }

  submit(instance: number, ids: Int32Array, count: number, paddedSize: number): void {
    let key = NaN;
    let pad = 0;
    const keyOf = this.sizeKeyOf;
    if (keyOf) {
      // A mixed batch is padded to its longest request (batchAssembly.ts): the batch costs that length.
      let longest = 0;
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const k = keyOf(ids[i]);
        sum += k;
        if (k > longest) longest = k;
      }
      key = longest;
      pad = longest > 0 ? 1 - sum / (longest * count) : 0;
    }
    this.running++;
    const now = this.clock.now;
    const cold = this.cold !== null && now - this.doneAtMs[instance] >= this.cold.afterIdleMs;
    const o = this.overhead;
    const handoff = o
      ? sortedQuantile(o.handoffSamplesMs, Math.min(this.random(), OVERHEAD_TAIL_CUT))
      : this.handoffMs;
    const start = now + (cold ? this.cold!.handoffMs : handoff);
    const end =
      start +
      this.model.latencyMs(paddedSize, this.random(), key, this.running) +
      (cold ? this.cold!.extraMs : 0);
    this.startMs[instance] = start;
    this.endMs[instance] = end;
    this.doneAtMs[instance] =
      end +
      (o
        ? Math.max(
            0,
            sortedQuantile(o.returnSamplesMs, Math.min(this.random(), OVERHEAD_TAIL_CUT)) + o.returnShiftMs,
          )
        : this.returnMs);
    this.padFraction[instance] = pad;
    this.busy[instance] = 1;
  }

  poll(onDone: CompletionHandler): number {
    const now = this.clock.now;
    let done = 0;
    // In order of their end, as a real pool would report them when polled at each completion.
    for (;;) {
      let first = -1;
      for (let i = 0; i < this.instances; i++) {
        if (
          this.busy[i] === 1 &&
          this.doneAtMs[i] <= now &&
          (first < 0 || this.doneAtMs[i] < this.doneAtMs[first])
        )
          first = i;
      }
      if (first < 0) return done;
      this.busy[first] = 0;
      this.running--;
      this.stamp++;
      done++;
      onDone(first, this.startMs[first], this.endMs[first], this.padFraction[first]);
    }
  }

  /** When the scheduler can next see a batch finished (Infinity when none runs). */
  nextCompletionAt(): number {
    let t = Infinity;
    for (let i = 0; i < this.instances; i++)
      if (this.busy[i] === 1 && this.doneAtMs[i] < t) t = this.doneAtMs[i];
    return t;
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
