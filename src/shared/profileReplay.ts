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
 * in pieces (the extension host) never holds them all at once.
 */
export function* replayProfile(profile: Profile): Generator<LiveEvent, void, undefined> {
  yield { kind: 'model', model: profile.model, settings: profile.settings };
  yield { kind: 'calibration', points: profile.calibration };
  for (let index = 0; index < profile.strategies.length; index++) {
    const result = profile.strategies[index];
    yield {
      kind: 'strategyStart',
      strategy: index,
      label: result.label,
      config: result.config,
      expectedRequests: result.summary.requests,
      durationS: profile.settings.durationS,
    };
    yield* strategyTicks(result, index, profile.settings.durationS);
    yield { kind: 'strategyEnd', strategy: index, summary: result.summary, partial: result.partial };
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

/**
 * Ticks at the time-series sample times; batches go into the tick of the sample after they
 * finished, and rejections count from the tick after they happened.
 */
function* strategyTicks(
  result: StrategyResult,
  strategy: number,
  durationS: number,
): Generator<LiveEvent, void, undefined> {
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
  const take = (untilMs: number): LiveBatch[] => {
    const out: LiveBatch[] = [];
    while (b < batchCount && result.batches.computeEndMs[b] <= untilMs) {
      out.push(batchAt(result, b));
      completed += result.batches.size[b];
      b++;
    }
    return out;
  };
  for (let k = 0; k < ts.tMs.length; k++) {
    const batches = take(ts.tMs[k]);
    yield {
      kind: 'tick',
      strategy,
      fraction: Math.min(1, ts.tMs[k] / windowMs),
      completed,
      rejected: countRejected(ts.tMs[k]),
      batches,
      samples: [sampleAt(ts, k)],
    };
  }
  // Whatever finished after the last sample (or everything, when there are no samples).
  if (b < batchCount || ts.tMs.length === 0 || rejected < rejections.length) {
    const batches = take(Infinity);
    yield {
      kind: 'tick',
      strategy,
      fraction: 1,
      completed,
      rejected: countRejected(Infinity),
      batches,
      samples: [],
    };
  }
}

/** A profile with its typed-array columns as plain arrays: what JSON can carry (the HTML report embeds it). */
export type PlainProfile = Omit<Profile, 'strategies'> & {
  strategies: Array<
    Omit<StrategyResult, 'requests' | 'batches'> & {
      requests: Record<Exclude<keyof StrategyResult['requests'], 'priority'>, number[]> & {
        priority?: number[];
      };
      batches: Record<keyof StrategyResult['batches'], number[]>;
    }
  >;
};

const REQUEST_COLUMNS = {
  scheduledMs: Float64Array,
  enqueueMs: Float64Array,
  doneMs: Float64Array,
  batch: Int32Array,
} as const;
const BATCH_COLUMNS = {
  dispatchMs: Float64Array,
  computeStartMs: Float64Array,
  computeEndMs: Float64Array,
  size: Int32Array,
  paddedSize: Int32Array,
  padFraction: Float32Array,
  instance: Int32Array,
  firstMember: Int32Array,
  members: Int32Array,
  flushed: Uint8Array,
} as const;

function mapColumns<T extends object, R>(
  columns: T,
  f: (key: keyof T, value: T[keyof T]) => R,
): Record<keyof T, R> {
  const out = {} as Record<keyof T, R>;
  for (const key of Object.keys(columns) as Array<keyof T>) out[key] = f(key, columns[key]);
  return out;
}

/** The profile with plain arrays for columns (a column-wise copy; the rest is shared). */
export function profileToPlain(profile: Profile): PlainProfile {
  return {
    ...profile,
    strategies: profile.strategies.map((s) => ({
      ...s,
      requests: mapColumns(s.requests, (_k, v) => Array.from(v as ArrayLike<number>)),
      batches: mapColumns(s.batches, (_k, v) => Array.from(v as ArrayLike<number>)),
    })),
  };
}

/** Back from {@link profileToPlain}: typed-array columns of the types {@link Profile} declares. */
export function profileFromPlain(plain: PlainProfile): Profile {
  return {
    ...plain,
    strategies: plain.strategies.map((s) => ({
      ...s,
      requests: {
        ...(mapColumns(REQUEST_COLUMNS, (k, ctor) =>
          ctor.from(s.requests[k] ?? []),
        ) as StrategyResult['requests']),
        // Present only when the traffic had priority levels.
        ...(s.requests.priority ? { priority: Uint8Array.from(s.requests.priority) } : {}),
      },
      batches: mapColumns(BATCH_COLUMNS, (k, ctor) =>
        ctor.from(s.batches[k] ?? []),
      ) as StrategyResult['batches'],
    })),
  };
}
