/**
 * Runs one strategy for real: the scheduler core driven on the run clock against an executor,
 * with live ticks (~10 Hz), time-series samples, a bounded drain at the end of each segment
 * (drainLimitMs) and abort. A strategy runs one segment (fixed or reversed order) or several
 * slices taking turns with the other strategies (interleaved; see measurementPlan.ts): each starts
 * with the strategy's own warm-up, which is recorded but left out of every figure. Returns the raw
 * records, the measured intervals, the stability windows and a summary derived from them.
 */
import type { LiveBatch, LiveListener, LiveSample } from '../../shared/liveEvents';
import type { ArrivalSpec, StrategyConfig, StrategyResult } from '../../shared/profileTypes';
import { CpuSampler } from '../metrics/cpuSampler';
import { delayHonourStats } from '../metrics/delayHonour';
import type { GpuSampler } from '../metrics/gpuSampler';
import { RecordBuffer } from '../metrics/recordBuffer';
import { stabilityOf } from '../metrics/stabilityOf';
import { summarizeStrategy } from '../metrics/summarize';
import { TimeSeriesRecorder } from '../metrics/timeSeries';
import { createPolicy, maxBatchOf } from '../../shared/strategies/strategyConfigs';
import type { StrategyContext } from '../../shared/strategies/strategyDescriptor';
import type { BatchingPolicy } from '../../shared/strategies/policy';
import {
  measuredIntervals,
  planSegments,
  windowsOf,
  type Interval,
  type Segment,
} from '../../shared/measurementPlan';
import {
  DEFAULT_STABILITY_TOLERANCE,
  judgeStability,
  WindowCollector,
  type Stability,
} from '../../shared/stability';
import { assessOverload, overloadContext, type OverloadAssessment } from '../metrics/overload';
import { generateArrivals } from '../workload/arrivals';
import { deriveSeed } from '../workload/rng';
import { primeScheduler } from './primeScheduler';
import { queuePolicyOf } from './queuePolicy';
import { ClosedLoopArrivals, OpenLoopArrivals, type ArrivalSource } from './arrivalSource';
import { monotonicMs } from './clock';
import type { Executor } from './executor';
import { waitForDeadlineOrCompletion, yieldToEventLoop } from './preciseWait';
import { SchedulerCore, type BatchListener, type FinishedBatch } from './schedulerCore';

export const TICK_MS = 100;

/** Shortest drain allowed after the arrival window, ms. */
export const MIN_DRAIN_LIMIT_MS = 2000;
/** Drain allowed after the arrival window, as a share of the window. */
export const DRAIN_LIMIT_SHARE = 0.5;

/**
 * How long a strategy may keep serving its queue after arrivals stop, ms. A strategy that keeps
 * up ends its window with a few batches queued at most, which drain in milliseconds; one that
 * does not can hold a backlog that takes minutes (a derived rate far above what batch 1 serves),
 * which would stall the run and bloat the profile while adding nothing: it is overloaded either
 * way. 2 s is ample for a stable queue even with slow models; half the window scales it for long
 * runs of heavy models whose batches take seconds. What is still queued then never runs and is
 * recorded so (batch -1), and the overload warning reports it.
 */
export function drainLimitMs(durationS: number): number {
  return Math.max(MIN_DRAIN_LIMIT_MS, DRAIN_LIMIT_SHARE * durationS * 1000);
}

export interface StrategyRunOptions {
  /** Position of the strategy in the run (for live events). */
  index: number;
  label: string;
  config: StrategyConfig;
  /** What adaptive policies learn from: calibration, SLO, instances (default: none, the run's SLO, the executor's). */
  context?: StrategyContext;
  executor: Executor;
  arrival: ArrivalSpec;
  rateRps: number | null;
  durationS: number;
  /** Arrival seed: the same for every strategy of a run, so they see the same sequence. */
  seed: number;
  sloMs: number | null;
  signal?: AbortSignal;
  onEvent?: LiveListener;
  gpu?: GpuSampler | null;
  /** The model's fixed batch size, if its batch dimension is fixed (batches are padded to it). */
  fixedBatch?: number | null;
  /** Size key of request `id` (its symbolic dims' product, as the workers draw them); omitted: 1. */
  sizeKeyOf?: (id: number) => number;
  /**
   * Priority mix of the traffic (RunSettings.priorities): share per level, level 0 highest.
   * Levels are drawn from a stream of `seed`, so every strategy sees the same level per request.
   */
  priorities?: readonly number[] | null;
  /**
   * Build a LiveBatch (ids, waits, latencies) for every batch into the ticks. Only a viewer needs
   * them (the panel); the CLI's progress bar does not, and at thousands of batches a second the
   * objects are garbage the scheduler thread must collect. Default: true when onEvent is set.
   */
  liveBatches?: boolean;
  /** The strategy's own warm-up at the start of each segment, s (default 0: none). */
  warmupS?: number;
  /** Stability window length, s (default 1). */
  windowS?: number;
  /** Stability tolerance: max ÷ min of the last windows at most 1 + this (default 0.1). */
  stabilityTolerance?: number;
  /**
   * Keep measuring past `durationS` until the strategy is stable, up to this many measured
   * seconds (fixed order; the interleaved run decides by rounds instead). Omitted: no extension.
   */
  untilStableMaxS?: number | null;
}

/** Default stability window, s. */
export const DEFAULT_WINDOW_S = 1;

/** Sub-stream of the arrival seed that draws priority levels. */
const PRIORITY_STREAM = 7;

/** What an adaptive policy reports about itself, as time-series fields (only those it has). */
function policySample(policy: BatchingPolicy): Partial<LiveSample> {
  const state = policy.observe?.();
  if (!state) return {};
  const out: Partial<LiveSample> = {};
  if (state.capBatch !== undefined) out.policyCapBatch = state.capBatch;
  if (state.estimateMs !== undefined) out.policyEstimateMs = state.estimateMs;
  if (state.costPerItemMs !== undefined) out.policyCostPerItemMs = state.costPerItemMs;
  if (state.costBaseMs !== undefined) out.policyCostBaseMs = state.costBaseMs;
  return out;
}

/** A strategy's result plus what the run needs to judge how trustworthy the timing was. */
export interface StrategyRunOutcome {
  result: StrategyResult;
  /** Raw delay-honour errors (ms) for the dynamic policy's timed dispatches. */
  delayErrorsMs: number[];
  /** The error that cut the strategy short (an instance died), if any. */
  error: Error | null;
  /** Whether the offered load exceeded what it served, with the figures a warning quotes. */
  overload: OverloadAssessment;
}

/**
 * The open-loop arrival sequence of a run: every strategy gets this same schedule (same spec,
 * rate, seed), generated once as far as the plan reaches. Null for a closed loop.
 */
export function arrivalSequence(
  o: Pick<StrategyRunOptions, 'arrival' | 'rateRps' | 'seed'>,
  lengthMs: number,
): Float64Array | null {
  if (o.arrival.kind === 'closed') return null;
  return generateArrivals(o.arrival, o.rateRps, lengthMs / 1000, o.seed);
}

/** First index of ascending `times` at or after `t`. */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The arrivals of one segment: its slice of the run's sequence, or a closed loop over its span. The simulator's too. */
export function segmentArrivals(
  o: { arrival: ArrivalSpec },
  segment: Segment,
  sequence: Float64Array | null,
): ArrivalSource {
  if (o.arrival.kind === 'closed' || !sequence)
    return new ClosedLoopArrivals(
      o.arrival.kind === 'closed' ? o.arrival.concurrency : 1,
      segment.toMs,
      segment.fromMs,
    );
  return new OpenLoopArrivals(
    sequence.subarray(lowerBound(sequence, segment.fromMs), lowerBound(sequence, segment.toMs)),
  );
}

function liveBatch(core: SchedulerCore, b: FinishedBatch): LiveBatch {
  const requestIds: number[] = [];
  const queueMs: number[] = [];
  const latencyMs: number[] = [];
  for (let i = 0; i < b.size; i++) {
    const id = b.ids[i];
    const scheduled = core.scheduledAt(id);
    requestIds.push(id);
    queueMs.push(b.computeStartMs - scheduled);
    latencyMs.push(b.doneMs - scheduled);
  }
  return {
    index: b.index,
    dispatchMs: b.dispatchMs,
    computeStartMs: b.computeStartMs,
    computeEndMs: b.computeEndMs,
    size: b.size,
    paddedSize: b.paddedSize,
    padFraction: b.padFraction,
    instance: b.instance,
    flushed: b.flushed,
    requestIds,
    queueMs,
    latencyMs,
  };
}

/** The per-segment state of the ~10 Hz ticks: CPU since the last one, completions since the last one. */
class SegmentTicks {
  private readonly cpu = new CpuSampler();
  private lastCompleted = 0;

  constructor(private lastTick: number) {}

  tick(
    m: StrategyMeasurement,
    core: SchedulerCore,
    now: number,
    segment: Segment,
    measuredEnd: number,
  ): void {
    const measuredNow = Math.max(0, Math.min(now, measuredEnd) - segment.measureFromMs);
    m.sampleTick(
      core,
      now,
      now - this.lastTick,
      core.completed - this.lastCompleted,
      measuredNow,
      this.cpu.sample(),
    );
    this.lastTick = now;
    this.lastCompleted = core.completed;
  }
}

/**
 * One strategy's measurement across its segments: the policy (adaptive ones keep what they
 * learned from one slice to the next), the records, the time series, the CPU used over measured
 * time and the stability windows persist; each segment runs its own scheduler core on the part of
 * the arrival sequence it covers, and drains before the next strategy takes its turn.
 */
export class StrategyMeasurement implements BatchListener {
  private readonly records: RecordBuffer;
  private readonly series = new TimeSeriesRecorder(TICK_MS);
  private readonly policy: BatchingPolicy;
  private readonly levels: number;
  private readonly tolerance: number;
  private readonly windowMs: number;
  /** Completions by window of the planned measured time: decides when an until-stable run may stop (null otherwise). */
  private readonly live: WindowCollector | null;
  /** The scheduler's code has seen this policy's every branch (primeScheduler), here or in warmEngine's run. */
  private primed = false;
  private readonly measured: Interval[] = [];
  private readonly delayErrorsMs: number[] = [];
  private readonly plannedMeasuredMs: number;
  private measuredSoFarMs = 0;
  /** CPU over measured time only: percent × ms, summed, and the ms they cover. */
  private cpuWeighted = { process: 0, system: 0, ms: 0 };
  private completedBefore = 0;
  private rejectedBefore = 0;
  private started = false;
  /** Batches for the next live tick (when wanted), filled by batchFinished. */
  private readonly pendingLive: LiveBatch[] = [];
  private wantLive = false;
  private partial = false;
  private error: Error | null = null;

  constructor(
    private readonly o: StrategyRunOptions,
    /** The segments this strategy may run (as planned; until-stable may stop before the last). */
    private readonly segments: readonly Segment[],
    /** The run's open-loop arrival sequence (null: closed loop). */
    private readonly sequence: Float64Array | null,
  ) {
    this.levels = o.priorities && o.priorities.length > 1 ? o.priorities.length : 1;
    const expected = sequence ? sequence.length : 1024;
    // A policy that never batches has one batch per request.
    this.records = new RecordBuffer(expected, this.levels, maxBatchOf(o.config) === 1 ? expected : undefined);
    this.policy = createPolicy(
      o.config,
      o.context ?? { calibration: [], sloMs: o.sloMs, instances: o.executor.instances },
    );
    this.tolerance = o.stabilityTolerance ?? DEFAULT_STABILITY_TOLERANCE;
    this.windowMs = (o.windowS ?? DEFAULT_WINDOW_S) * 1000;
    // Only an until-stable run decides anything from windows while it runs; every other run judges
    // them once, from the records, at the end (finish), and spends nothing per batch here.
    this.live = o.untilStableMaxS
      ? new WindowCollector(windowsOf(measuredIntervals(segments), this.windowMs))
      : null;
    this.plannedMeasuredMs = o.durationS * 1000;
  }

  /** One time-series sample and live tick of the segment being run (see SegmentTicks). */
  sampleTick(
    core: SchedulerCore,
    now: number,
    dt: number,
    completedSince: number,
    measuredNow: number,
    cpu: ReturnType<CpuSampler['sample']>,
  ): void {
    const o = this.o;
    const gpu = o.gpu?.latest() ?? null;
    this.series.sample({
      tMs: now,
      completionsPerS: dt > 0 ? (completedSince * 1000) / dt : 0,
      queueDepth: core.queue.length,
      batchesInFlight: core.batchesInFlight,
      processCpuPercent: cpu.processCpuPercent,
      systemCpuPercent: cpu.systemCpuPercent,
      ...(gpu ?? {}),
      ...policySample(this.policy),
    });
    o.onEvent?.({
      kind: 'tick',
      strategy: o.index,
      fraction: Math.min(1, (this.measuredSoFarMs + measuredNow) / this.plannedMeasuredMs),
      completed: this.completedBefore + core.completed,
      rejected: this.rejectedBefore + core.rejected,
      batches: this.pendingLive.splice(0),
      samples: this.series.drainNew(),
    });
  }

  /** BatchListener: feeds the stability windows and, when a viewer wants them, the live batches. */
  batchFinished(b: FinishedBatch, core: SchedulerCore): void {
    const live = this.live;
    if (live) for (let i = 0; i < b.size; i++) live.add(b.doneMs, b.doneMs - core.scheduledAt(b.ids[i]));
    if (this.wantLive) this.pendingLive.push(liveBatch(core, b));
  }

  /**
   * Runs this strategy's traffic for `ms` through the whole pipeline (driver, waits, workers)
   * and throws everything away: the engine's own warm-up before the run's first strategy, whose
   * code paths calibration never ran. Without it the first strategy measured its first seconds
   * on code still being compiled and its p99 came out ~2× that of the same strategy run later.
   */
  async warmEngine(ms: number): Promise<void> {
    if (!(ms > 0)) return;
    const scratch = new StrategyMeasurement(
      { ...this.o, onEvent: undefined, untilStableMaxS: null },
      [{ fromMs: 0, measureFromMs: ms, toMs: ms }],
      this.sequence,
    );
    await scratch.runSegment(0);
    // The scratch run primed the scheduler for this very policy: no need to again.
    this.primed = true;
  }

  /** True once an abort or a failure ended the strategy: no further segment runs. */
  get stopped(): boolean {
    return this.partial;
  }

  /** Stability of the windows measured so far (completions up to `nowMs`). */
  stabilitySoFar(nowMs = Infinity): Stability {
    return judgeStability(this.live?.stats(nowMs) ?? [], this.tolerance, this.windowMs);
  }

  /**
   * Runs segment `k` (arrivals in it, its warm-up, then measured time) and drains it. `stopWhenStable`:
   * end the segment's arrivals early once the strategy has measured `durationS` and its last windows
   * agree (until-stable in fixed order).
   */
  async runSegment(k: number, stopWhenStable = false): Promise<void> {
    if (this.partial) return;
    const o = this.o;
    const segment = this.segments[k];
    const arrivals = segmentArrivals(o, segment, this.sequence);
    const durationMs = segment.toMs;
    const drainDeadlineMs = segment.toMs + drainLimitMs((segment.toMs - segment.fromMs) / 1000);
    const pendingLive = this.pendingLive;
    pendingLive.length = 0;
    this.wantLive = o.onEvent !== undefined && o.liveBatches !== false;
    // Before the clock starts: JIT feedback for every branch of this policy's run, drain included
    // (see primeScheduler.ts). Once per strategy; later slices find the code ready.
    if (!this.primed) {
      primeScheduler(
        o.config,
        o.context ?? { calibration: [], sloMs: o.sloMs, instances: o.executor.instances },
        o.executor.instances,
        new StrategyMeasurement({ ...o, onEvent: undefined }, this.segments, null),
        o.sizeKeyOf,
      );
      this.primed = true;
    }
    // The clock reads the segment's start now: records and samples of every segment share one time axis.
    const origin = monotonicMs() - segment.fromMs;
    const core: SchedulerCore = new SchedulerCore({
      policy: this.policy,
      executor: o.executor,
      arrivals,
      records: this.records,
      durationMs,
      originMs: origin,
      expectedRequests: arrivals.expected ?? undefined,
      fixedBatch: o.fixedBatch ?? null,
      sizeKeyOf: o.sizeKeyOf,
      queuePolicy: queuePolicyOf(o.config),
      priorities: o.priorities ?? null,
      // The same level per request for every strategy: each segment draws from its own stream of the seed.
      prioritySeed:
        k === 0 ? deriveSeed(o.seed, PRIORITY_STREAM) : deriveSeed(deriveSeed(o.seed, PRIORITY_STREAM), k),
      runClock: true,
      batchListener: this,
    });
    if (!this.started) {
      this.started = true;
      o.onEvent?.({
        kind: 'strategyStart',
        strategy: o.index,
        label: o.label,
        config: o.config,
        expectedRequests: this.sequence
          ? lowerBound(this.sequence, this.segments[this.segments.length - 1].toMs) -
            lowerBound(this.sequence, this.segments[0].fromMs)
          : null,
        durationS: o.durationS,
        measured: measuredIntervals(this.segments),
      });
    }

    let measureCpu: CpuSampler | null = null;
    let nextTick = segment.fromMs + TICK_MS;
    let drainCut = false;
    /** Where this segment's measured time ends: its planned end, or earlier (stable, abort, failure). */
    let measuredEnd = segment.toMs;
    // A method on a per-segment object, never a closure: see SchedulerCoreOptions.batchListener.
    const ticks = new SegmentTicks(segment.fromMs);

    try {
      for (;;) {
        const now = monotonicMs() - origin;
        if (measureCpu === null && now >= segment.measureFromMs) measureCpu = new CpuSampler();
        const wake = core.step(now);
        if (core.finished) break;
        if (o.signal?.aborted && !this.partial) {
          // Stop arrivals, abandon the queue, let running batches finish (a worker cannot be interrupted).
          this.partial = true;
          measuredEnd = Math.min(measuredEnd, now);
          core.abort();
          continue;
        }
        if (!drainCut && now >= drainDeadlineMs) {
          // Overloaded: stop dispatching; running batches finish, the queue is recorded as never run.
          drainCut = true;
          core.cutDrain();
          continue;
        }
        if (now >= nextTick) {
          ticks.tick(this, core, now, segment, measuredEnd);
          nextTick = Math.max(nextTick + TICK_MS, now + TICK_MS / 2);
          if (stopWhenStable && !core.draining) {
            const end = this.stableEnd(segment, now);
            if (end !== null) {
              measuredEnd = end;
              core.endArrivals(now);
            }
          }
          // Also the moment for abort signals, worker exits and listeners' I/O to get through.
          await yieldToEventLoop();
          continue;
        }
        await waitForDeadlineOrCompletion(
          o.executor,
          origin + Math.min(wake, nextTick, drainCut ? Infinity : drainDeadlineMs),
          origin + core.expectedCompletionAt(),
          core.batchesInFlight < o.executor.instances ? origin + wake : Infinity,
        );
      }
    } catch (err) {
      this.error = err instanceof Error ? err : new Error(String(err));
      this.partial = true;
      measuredEnd = Math.min(measuredEnd, monotonicMs() - origin);
      core.abort();
    }
    const end = monotonicMs() - origin;
    ticks.tick(this, core, end, segment, measuredEnd);
    if (measureCpu) {
      const cpu = measureCpu.sample();
      const ms = Math.max(0, end - segment.measureFromMs);
      this.cpuWeighted.process += cpu.processCpuPercent * ms;
      this.cpuWeighted.system += cpu.systemCpuPercent * ms;
      this.cpuWeighted.ms += ms;
    }
    if (measuredEnd > segment.measureFromMs) {
      this.measured.push({ fromMs: segment.measureFromMs, toMs: measuredEnd });
      this.measuredSoFarMs += measuredEnd - segment.measureFromMs;
    }
    this.completedBefore += core.completed;
    this.rejectedBefore += core.rejected;
    this.delayErrorsMs.push(...core.delayErrorsMs);
  }

  /**
   * Until-stable, fixed order: the end of the last complete window when the strategy has measured
   * at least its duration and its last windows agree; null to keep going.
   */
  private stableEnd(segment: Segment, now: number): number | null {
    const windows = this.live?.stats(now) ?? [];
    if (windows.length === 0) return null;
    const lastEnd = windows[windows.length - 1].toMs;
    if (lastEnd - segment.measureFromMs < this.plannedMeasuredMs - 1e-6) return null;
    return judgeStability(windows, this.tolerance, this.windowMs).stable === true ? lastEnd : null;
  }

  /** The strategy's result: raw records, measured intervals, stability, and the summary of the measured part. */
  finish(): StrategyRunOutcome {
    const o = this.o;
    const { requests, batches } = this.records.toColumns();
    const stability = stabilityOf(requests, this.measured, this.windowMs, this.tolerance);
    const cpu = this.cpuWeighted;
    const summary = summarizeStrategy({
      requests,
      batches,
      processCpuPercent: cpu.ms > 0 ? cpu.process / cpu.ms : 0,
      systemCpuPercent: cpu.ms > 0 ? cpu.system / cpu.ms : 0,
      sloMs: o.sloMs,
      // Null unless the policy timed some dispatches (wait.until): only those have a delay to honour.
      delayHonour: delayHonourStats(this.delayErrorsMs),
      levels: this.levels,
      measured: this.measured,
    });
    summary.stability = stability;
    // Judged once, here, from the raw records: the panel's tags, the CLI's table and the profile's
    // overload warning all read this assessment.
    const overload = assessOverload(
      requests,
      batches,
      overloadContext(
        { partial: this.partial, measured: this.measured },
        { durationS: o.durationS, arrival: o.arrival, strategyWarmupS: o.warmupS ?? 0 },
      ),
    );
    summary.overloaded = overload.overloaded;
    o.onEvent?.({
      kind: 'strategyEnd',
      strategy: o.index,
      summary,
      partial: this.partial,
      measured: this.measured,
    });
    return {
      result: {
        label: o.label,
        config: o.config,
        summary,
        requests,
        batches,
        timeseries: this.series.toTimeSeries(),
        partial: this.partial,
        measured: this.measured,
      },
      delayErrorsMs: this.delayErrorsMs,
      error: this.error,
      overload,
    };
  }
}

/**
 * Runs one strategy on its own (fixed order): its warm-up, then `durationS` measured (or, with
 * `untilStableMaxS`, until stable up to that), then the drain. Never throws for an instance failure.
 */
export async function runStrategy(o: StrategyRunOptions): Promise<StrategyRunOutcome> {
  const durationMs = o.durationS * 1000;
  const maxMs = o.untilStableMaxS ? Math.max(durationMs, o.untilStableMaxS * 1000) : durationMs;
  const segments = planSegments(
    { durationMs, warmupMs: (o.warmupS ?? 0) * 1000, order: 'fixed', sliceMs: durationMs },
    maxMs,
  );
  const measurement = new StrategyMeasurement(o, segments, arrivalSequence(o, segments[0].toMs));
  await measurement.runSegment(0, maxMs > durationMs);
  return measurement.finish();
}
