/**
 * Turns a saved profile into the same live events a run emits, so the panel draws a reopened
 * profile, a comparison and the HTML report with the code that draws a live run.
 */
import { POLICY_SERIES, type LiveBatch, type LiveEvent, type LiveSample } from './liveEvents';
import { BATCH_REJECTED, type Profile, type StrategyResult, type TimeSeries } from './profileTypes';

/**
 * Events for one saved profile, in the order a live run emits them: model, calibration, then per
 * strategy `strategyStart`, `tick`s (one per time-series sample, each carrying the batches that
 * finished up to that sample), `strategyEnd`; the profile's warnings; a final `done` stage.
 */
export function profileToEvents(profile: Profile): LiveEvent[] {
  return Array.from(replayProfile(profile));
}

/**
 * The same events as {@link profileToEvents}, built one at a time as they are pulled. A big
 * profile's ticks hold hundreds of thousands of per-request numbers; a caller that sends them on
 * in pieces never holds them all at once.
 */
export function* replayProfile(profile: Profile): Generator<LiveEvent, void, undefined> {
  for (const item of replayItems(profile)) yield item.kind === 'replayTick' ? tickEvent(item) : item;
}

/**
 * One tick of a replayed strategy: what its live `tick` event says, with the batches that
 * finished by then as the index range [batchFrom, batchTo) of the strategy's columns.
 */
export interface ReplayTick {
  fraction: number;
  completed: number;
  rejected: number;
  batchFrom: number;
  batchTo: number;
  samples: LiveSample[];
}

/** A replay step: an event, or a tick left as column ranges ({@link replayItems}). */
export type ReplayItem =
  LiveEvent | { kind: 'replayTick'; strategy: number; result: StrategyResult; tick: ReplayTick };

/**
 * The replay of {@link replayProfile} with each tick as a {@link ReplayTick}, so a reader that
 * has the columns at hand (the webview) adds the batches straight from them instead of from one
 * object per batch. Both readers follow this one sequence.
 */
export function* replayItems(profile: Profile): Generator<ReplayItem, void, undefined> {
  yield { kind: 'model', model: profile.model, settings: profile.settings };
  yield {
    kind: 'calibration',
    points: profile.calibration,
    ...(profile.calibrationDetail ? { detail: profile.calibrationDetail } : {}),
  };
  for (let index = 0; index < profile.strategies.length; index++) {
    const result = profile.strategies[index];
    yield {
      kind: 'strategyStart',
      strategy: index,
      label: result.label,
      config: result.config,
      expectedRequests: result.summary.requests,
      durationS: profile.settings.durationS,
      ...(result.measured ? { measured: result.measured } : {}),
    };
    for (const tick of replayTicks(result, profile.settings.durationS))
      yield { kind: 'replayTick', strategy: index, result, tick };
    yield {
      kind: 'strategyEnd',
      strategy: index,
      summary: result.summary,
      partial: result.partial,
      ...(result.measured ? { measured: result.measured } : {}),
    };
  }
  for (const message of profile.warnings) yield { kind: 'warning', message };
  yield {
    kind: 'stage',
    stage: 'done',
    message: profile.partial ? 'Partial profile' : 'Profile loaded',
  };
}

/** One batch of the columns as a live batch, with each member's queue wait and latency. */
export function batchAt(result: StrategyResult, b: number): LiveBatch {
  const { batches, requests } = result;
  const first = batches.firstMember[b];
  const size = batches.size[b];
  const requestIds = Array.from(batches.members.subarray(first, first + size));
  const computeStartMs = batches.computeStartMs[b];
  return {
    index: b,
    dispatchMs: batches.dispatchMs[b],
    computeStartMs,
    computeEndMs: batches.computeEndMs[b],
    size,
    paddedSize: batches.paddedSize[b],
    padFraction: batches.padFraction[b],
    instance: batches.instance[b],
    flushed: batches.flushed[b] === 1,
    requestIds,
    queueMs: requestIds.map((id) => computeStartMs - requests.scheduledMs[id]),
    latencyMs: requestIds.map((id) => requests.doneMs[id] - requests.scheduledMs[id]),
  };
}

function sampleAt(ts: TimeSeries, k: number): LiveSample {
  const sample: LiveSample = {
    tMs: ts.tMs[k],
    completionsPerS: ts.completionsPerS[k],
    queueDepth: ts.queueDepth[k],
    batchesInFlight: ts.batchesInFlight[k],
    processCpuPercent: ts.processCpuPercent[k],
    systemCpuPercent: ts.systemCpuPercent[k],
  };
  if (ts.gpuUtilPercent) sample.gpuUtilPercent = ts.gpuUtilPercent[k];
  if (ts.gpuMemoryMiB) sample.gpuMemoryMiB = ts.gpuMemoryMiB[k];
  for (const key of POLICY_SERIES) {
    const series = ts[key];
    if (series) sample[key] = series[k];
  }
  return sample;
}

/** When each rejected request was turned away (its done time), ascending. */
function rejectionTimes(result: StrategyResult): Float64Array {
  const { batch, doneMs } = result.requests;
  const times: number[] = [];
  // A rejection time lost (NaN) counts at the end.
  for (let i = 0; i < batch.length; i++)
    if (batch[i] === BATCH_REJECTED) times.push(Number.isNaN(doneMs[i]) ? Infinity : doneMs[i]);
  return Float64Array.from(times).sort();
}

/** A replayed tick as the live event, one {@link LiveBatch} per batch. */
function tickEvent(item: Extract<ReplayItem, { kind: 'replayTick' }>): LiveEvent {
  const { tick, result } = item;
  const batches: LiveBatch[] = [];
  for (let b = tick.batchFrom; b < tick.batchTo; b++) batches.push(batchAt(result, b));
  return {
    kind: 'tick',
    strategy: item.strategy,
    fraction: tick.fraction,
    completed: tick.completed,
    rejected: tick.rejected,
    batches,
    samples: tick.samples,
  };
}

/**
 * Ticks at the time-series sample times; batches go into the tick of the sample after they
 * finished, and rejections count from the tick after they happened.
 */
export function* replayTicks(
  result: StrategyResult,
  durationS: number,
): Generator<ReplayTick, void, undefined> {
  const batchCount = result.batches.size.length;
  const ts = result.timeseries;
  const windowMs = Math.max(durationS * 1000, ts.tMs[ts.tMs.length - 1] ?? 0, 1);
  let b = 0;
  let completed = 0;
  const rejections = rejectionTimes(result);
  let rejected = 0;
  const countRejected = (untilMs: number): number => {
    while (rejected < rejections.length && rejections[rejected] <= untilMs) rejected++;
    return rejected;
  };
  /** Moves `b` past the batches finished by `untilMs`; returns where the range started. */
  const take = (untilMs: number): number => {
    const from = b;
    while (b < batchCount && result.batches.computeEndMs[b] <= untilMs) {
      completed += result.batches.size[b];
      b++;
    }
    return from;
  };
  for (let k = 0; k < ts.tMs.length; k++) {
    const batchFrom = take(ts.tMs[k]);
    yield {
      fraction: Math.min(1, ts.tMs[k] / windowMs),
      completed,
      rejected: countRejected(ts.tMs[k]),
      batchFrom,
      batchTo: b,
      samples: [sampleAt(ts, k)],
    };
  }
  // Whatever finished after the last sample (or everything, when there are no samples).
  if (b < batchCount || ts.tMs.length === 0 || rejected < rejections.length) {
    const batchFrom = take(Infinity);
    yield {
      fraction: 1,
      completed,
      rejected: countRejected(Infinity),
      batchFrom,
      batchTo: b,
      samples: [],
    };
  }
}
