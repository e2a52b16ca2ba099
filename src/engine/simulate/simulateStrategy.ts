/**
 * Simulates one strategy: the very scheduler core and policy of a real run, driven on a virtual
 * clock against the simulator's executor (simExecutor.ts). Time jumps from event to event (an
 * arrival, a policy's wake-up, a batch's end), so a minute of traffic takes milliseconds. The
 * result has the real run's shape: raw records, measured intervals, stability and a summary
 * derived from the records the same way.
 */
import type {
  ArrivalSpec,
  BatchColumns,
  RequestColumns,
  StrategyConfig,
  StrategyResult,
  TimeSeries,
} from '../../shared/profileTypes';
import { measuredIntervals, type Interval, type Segment } from '../../shared/measurementPlan';
import { DEFAULT_STABILITY_TOLERANCE } from '../../shared/stability';
import { createPolicy, maxBatchOf } from '../../shared/strategies/strategyConfigs';
import type { StrategyContext } from '../../shared/strategies/strategyDescriptor';
import { delayHonourStats } from '../metrics/delayHonour';
import { RecordBuffer } from '../metrics/recordBuffer';
import { stabilityOf } from '../metrics/stabilityOf';
import { summarizeStrategy } from '../metrics/summarize';
import { TimeSeriesRecorder } from '../metrics/timeSeries';
import { queuePolicyOf } from '../runtime/queuePolicy';
import { SchedulerCore } from '../runtime/schedulerCore';
import { DEFAULT_WINDOW_S, drainLimitMs, segmentArrivals, TICK_MS } from '../runtime/strategyRun';
import { createRng, deriveSeed } from '../workload/rng';
import type { LatencyModel } from './latencyModel';
import { SimExecutor, type ColdStart, type OverheadDraws, type VirtualClock } from './simExecutor';

export interface SimulateOptions {
  label: string;
  config: StrategyConfig;
  context: StrategyContext;
  model: LatencyModel;
  instances: number;
  arrival: ArrivalSpec;
  /** The run's arrival sequence (null: closed loop), as a real run of these settings would see it. */
  sequence: Float64Array | null;
  /** The segments this strategy runs (measurementPlan.ts): warm-up left out of every figure, as for real. */
  segments: readonly Segment[];
  sloMs: number | null;
  seed: number;
  fixedBatch?: number | null;
  sizeKeyOf?: ((id: number) => number) | null;
  /** Whether latency depends on the request's length key (a model with varying symbolic dims). */
  lengthVaries?: boolean;
  priorities?: readonly number[] | null;
  /** Dispatch → compute start, ms (the worker hand-off of a real run). */
  handoffMs?: number;
  /** Compute end → done, ms (until a real run's scheduler has the batch back). */
  returnMs?: number;
  /** A batch on an idle instance (see ColdStart); omitted: no difference. */
  cold?: ColdStart | null;
  /** Hand-off and return drawn per batch (see OverheadDraws); omitted: handoffMs and returnMs. */
  overhead?: OverheadDraws | null;
  windowS?: number;
  stabilityTolerance?: number;
  /** Leave out the time series (a sweep simulates thousands of points and keeps only summaries). */
  timeseries?: boolean;
  /**
   * How long the queue may drain after arrivals end, ms. Default: a real run's limit (drainLimitMs).
   * A sweep cuts it short: an overloaded point is overloaded either way, and its backlog would
   * cost more to simulate than the point itself.
   */
  drainLimitMs?: number;
  /** Hand out the records as views of the simulation's buffers (read, then dropped: a sweep point). */
  viewColumns?: boolean;
}

/** Sub-stream of the seed that draws latencies (the arrival and priority streams are the run's own). */
const LATENCY_STREAM = 11;
/** As strategyRun.ts: every strategy sees the same priority level per request. */
const PRIORITY_STREAM = 7;

/** The raw records of a simulation, before any summary. */
export interface SimulatedRecords {
  requests: RequestColumns;
  batches: BatchColumns;
  measured: Interval[];
  delayErrorsMs: number[];
  timeseries: TimeSeries;
  levels: number;
}

/** Simulates `o.config` over its segments; returns the strategy's result, marked by the caller as simulated. */
export function simulateStrategy(o: SimulateOptions): StrategyResult {
  const { requests, batches, measured, delayErrorsMs, timeseries, levels } = simulateRecords(o);
  const windowMs = (o.windowS ?? DEFAULT_WINDOW_S) * 1000;
  const summary = summarizeStrategy({
    requests,
    batches,
    // Nothing ran: no CPU was used. The table marks simulated results as such.
    processCpuPercent: 0,
    systemCpuPercent: 0,
    sloMs: o.sloMs,
    delayHonour: delayHonourStats(delayErrorsMs),
    levels,
    measured,
  });
  summary.stability = stabilityOf(
    requests,
    measured,
    windowMs,
    o.stabilityTolerance ?? DEFAULT_STABILITY_TOLERANCE,
  );
  return {
    label: o.label,
    config: o.config,
    summary,
    requests,
    batches,
    timeseries,
    partial: false,
    measured,
  };
}

/** Runs the simulation and returns its raw records (a sweep summarizes them its own, leaner way). */
export function simulateRecords(o: SimulateOptions): SimulatedRecords {
  const levels = o.priorities && o.priorities.length > 1 ? o.priorities.length : 1;
  const expected = o.sequence ? o.sequence.length : 1024;
  const records = new RecordBuffer(expected, levels, maxBatchOf(o.config) === 1 ? expected : undefined);
  const policy = createPolicy(o.config, o.context);
  const clock: VirtualClock = { now: 0 };
  const executor = new SimExecutor(
    o.instances,
    Math.max(1, maxBatchOf(o.config)),
    clock,
    o.model,
    createRng(deriveSeed(o.seed, LATENCY_STREAM)),
    o.lengthVaries && o.sizeKeyOf ? o.sizeKeyOf : null,
    o.handoffMs ?? 0,
    o.returnMs ?? 0,
    o.cold ?? null,
    o.overhead ?? null,
  );
  const series = new TimeSeriesRecorder(TICK_MS);
  const delayErrorsMs: number[] = [];
  const measured: Interval[] = [];
  for (let k = 0; k < o.segments.length; k++) {
    const segment = o.segments[k];
    const arrivals = segmentArrivals(o, segment, o.sequence);
    const core = new SchedulerCore({
      policy,
      executor,
      arrivals,
      // Sized up front: growing the core's buffers mid-run costs more than the simulation of a small point.
      expectedRequests: arrivals.expected ?? undefined,
      records,
      durationMs: segment.toMs,
      originMs: 0,
      clock: () => clock.now,
      fixedBatch: o.fixedBatch ?? null,
      sizeKeyOf: o.sizeKeyOf ?? undefined,
      queuePolicy: queuePolicyOf(o.config),
      priorities: o.priorities ?? null,
      prioritySeed:
        k === 0 ? deriveSeed(o.seed, PRIORITY_STREAM) : deriveSeed(deriveSeed(o.seed, PRIORITY_STREAM), k),
    });
    const drainMs = o.drainLimitMs ?? drainLimitMs((segment.toMs - segment.fromMs) / 1000);
    runSegment(core, executor, clock, segment, drainMs, o.timeseries === false ? null : series);
    measured.push(...measuredIntervals([segment]).filter((i) => i.toMs > i.fromMs));
    delayErrorsMs.push(...core.delayErrorsMs);
  }
  // A sweep reads the columns and drops them: views of the buffer spare a copy as costly as the
  // simulation. A profile keeps them: exact-length copies.
  const { requests, batches } = o.viewColumns ? records.columnViews() : records.toColumns();
  return { requests, batches, measured, delayErrorsMs, timeseries: series.toTimeSeries(), levels };
}

/**
 * Event loop on the virtual clock: step the core at `now`, then jump to the next thing that can
 * happen — the core's own next wake-up (an arrival, a policy's timer) or a batch's end.
 */
function runSegment(
  core: SchedulerCore,
  executor: SimExecutor,
  clock: VirtualClock,
  segment: Segment,
  drainMs: number,
  series: TimeSeriesRecorder | null,
): void {
  const drainDeadline = segment.toMs + drainMs;
  let drainCut = false;
  let nextTick = segment.fromMs + TICK_MS;
  let lastTick = segment.fromMs;
  let lastCompleted = 0;
  clock.now = Math.max(clock.now, segment.fromMs);
  for (;;) {
    const now = clock.now;
    const wake = core.step(now);
    if (core.finished) break;
    if (!drainCut && now >= drainDeadline) {
      // As for real: an overloaded strategy's backlog past the drain limit is recorded as never run.
      drainCut = true;
      core.cutDrain();
      continue;
    }
    let next = Math.min(wake, executor.nextCompletionAt());
    if (!drainCut && drainDeadline < next) next = drainDeadline;
    if (series) {
      while (next !== Infinity && nextTick <= next) {
        // Samples of the state between events: it holds until the next one.
        series.sample({
          tMs: nextTick,
          completionsPerS: ((core.completed - lastCompleted) * 1000) / (nextTick - lastTick),
          queueDepth: core.queue.length,
          batchesInFlight: core.batchesInFlight,
          processCpuPercent: 0,
          systemCpuPercent: 0,
        });
        lastCompleted = core.completed;
        lastTick = nextTick;
        nextTick += TICK_MS;
      }
    }
    if (next === Infinity) break; // nothing more can happen (cannot occur with a finite sequence)
    // A policy asking to be woken at or before now would spin forever on a virtual clock.
    clock.now = next > now ? next : now + 1e-6;
  }
}
