/**
 * Runs one strategy for real: the scheduler core driven on the run clock against an executor,
 * with live ticks (~10 Hz), time-series samples, a bounded drain at the end (drainLimitMs) and abort. Returns the raw
 * records and a summary derived from them.
 */
import type { LiveBatch, LiveListener, LiveSample } from '../../shared/liveEvents';
import type { ArrivalSpec, StrategyConfig, StrategyResult } from '../../shared/profileTypes';
import { CpuSampler } from '../metrics/cpuSampler';
import { delayHonourStats } from '../metrics/delayHonour';
import type { GpuSampler } from '../metrics/gpuSampler';
import { RecordBuffer } from '../metrics/recordBuffer';
import { summarizeStrategy } from '../metrics/summarize';
import { TimeSeriesRecorder } from '../metrics/timeSeries';
import { createPolicy } from '../../shared/strategies/strategyConfigs';
import type { StrategyContext } from '../../shared/strategies/strategyDescriptor';
import type { BatchingPolicy } from '../../shared/strategies/policy';
import { generateArrivals } from '../workload/arrivals';
import { deriveSeed } from '../workload/rng';
import { queuePolicyOf } from './queuePolicy';
import { ClosedLoopArrivals, OpenLoopArrivals, type ArrivalSource } from './arrivalSource';
import { monotonicMs } from './clock';
import type { Executor } from './executor';
import { waitForDeadlineOrCompletion, yieldToEventLoop } from './preciseWait';
import { SchedulerCore, type FinishedBatch } from './schedulerCore';

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
}

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
}

function arrivalsFor(o: StrategyRunOptions): ArrivalSource {
  if (o.arrival.kind === 'closed') return new ClosedLoopArrivals(o.arrival.concurrency, o.durationS * 1000);
  return new OpenLoopArrivals(generateArrivals(o.arrival, o.rateRps, o.durationS, o.seed));
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

/** Runs one strategy to completion (or abort / failure); never throws for an instance failure. */
export async function runStrategy(o: StrategyRunOptions): Promise<StrategyRunOutcome> {
  const arrivals = arrivalsFor(o);
  const levels = o.priorities && o.priorities.length > 1 ? o.priorities.length : 1;
  const records = new RecordBuffer(arrivals.expected ?? 1024, levels);
  const series = new TimeSeriesRecorder(TICK_MS);
  const policy = createPolicy(
    o.config,
    o.context ?? { calibration: [], sloMs: o.sloMs, instances: o.executor.instances },
  );
  const pendingLive: LiveBatch[] = [];
  const durationMs = o.durationS * 1000;
  const drainDeadlineMs = durationMs + drainLimitMs(o.durationS);
  const origin = monotonicMs();
  const core: SchedulerCore = new SchedulerCore({
    policy,
    executor: o.executor,
    arrivals,
    records,
    durationMs,
    originMs: origin,
    clock: () => monotonicMs() - origin,
    expectedRequests: arrivals.expected ?? undefined,
    fixedBatch: o.fixedBatch ?? null,
    sizeKeyOf: o.sizeKeyOf,
    queuePolicy: queuePolicyOf(o.config),
    priorities: o.priorities ?? null,
    prioritySeed: deriveSeed(o.seed, PRIORITY_STREAM),
    onBatch: o.onEvent ? (b) => pendingLive.push(liveBatch(core, b)) : undefined,
  });
  o.onEvent?.({
    kind: 'strategyStart',
    strategy: o.index,
    label: o.label,
    config: o.config,
    expectedRequests: arrivals.expected,
    durationS: o.durationS,
  });

  const wholeRunCpu = new CpuSampler();
  const tickCpu = new CpuSampler();
  let lastTick = 0;
  let lastCompleted = 0;
  let nextTick = TICK_MS;
  let partial = false;
  let drainCut = false;
  let error: Error | null = null;

  const tick = (now: number): void => {
    const cpu = tickCpu.sample();
    const gpu = o.gpu?.latest() ?? null;
    const dt = now - lastTick;
    series.sample({
      tMs: now,
      completionsPerS: dt > 0 ? ((core.completed - lastCompleted) * 1000) / dt : 0,
      queueDepth: core.queue.length,
      batchesInFlight: core.batchesInFlight,
      processCpuPercent: cpu.processCpuPercent,
      systemCpuPercent: cpu.systemCpuPercent,
      ...(gpu ?? {}),
      ...policySample(policy),
    });
    lastTick = now;
    lastCompleted = core.completed;
    o.onEvent?.({
      kind: 'tick',
      strategy: o.index,
      fraction: Math.min(1, now / durationMs),
      completed: core.completed,
      rejected: core.rejected,
      batches: pendingLive.splice(0),
      samples: series.drainNew(),
    });
  };

  try {
    for (;;) {
      const now = monotonicMs() - origin;
      const wake = core.step(now);
      if (core.finished) break;
      if (o.signal?.aborted && !partial) {
        // Stop arrivals, abandon the queue, let running batches finish (a worker cannot be interrupted).
        partial = true;
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
        tick(now);
        nextTick = Math.max(nextTick + TICK_MS, now + TICK_MS / 2);
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
    error = err instanceof Error ? err : new Error(String(err));
    partial = true;
    core.abort();
  }
  const end = monotonicMs() - origin;
  tick(end);

  const cpu = wholeRunCpu.sample();
  const { requests, batches } = records.toColumns();
  // Null unless the policy timed some dispatches (wait.until): only those have a delay to honour.
  const delayHonour = delayHonourStats(core.delayErrorsMs);
  const summary = summarizeStrategy({
    requests,
    batches,
    processCpuPercent: cpu.processCpuPercent,
    systemCpuPercent: cpu.systemCpuPercent,
    sloMs: o.sloMs,
    delayHonour,
    levels,
  });
  o.onEvent?.({ kind: 'strategyEnd', strategy: o.index, summary, partial });
  return {
    result: {
      label: o.label,
      config: o.config,
      summary,
      requests,
      batches,
      timeseries: series.toTimeSeries(),
      partial,
    },
    delayErrorsMs: core.delayErrorsMs,
    error,
  };
}
