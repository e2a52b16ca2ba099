/**
 * Rebuilds a (partial) profile from the live events of a run that did not finish normally: the
 * engine crashed, or the run threw after measuring something. Used by the engine child (a run
 * that throws) and by the extension host (the child died: the host saves the events it got).
 *
 * What live events carry is enough for every per-batch column and, per request, the scheduled
 * arrival (compute start - queue wait) and the done time (scheduled + latency). Not carried:
 * enqueue times (set equal to the scheduled time), requests still queued or in flight when
 * the run stopped (kept as "never ran"), and which requests were rejected (ticks carry only how
 * many: a rebuilt summary counts them, the columns cannot mark them). The profile says so in its
 * warnings.
 */
import type { Interval } from '../shared/measurementPlan';
import * as os from 'os';
import { POLICY_SERIES, type LiveBatch, type LiveEvent, type LiveSample } from '../shared/liveEvents';
import type {
  BatchColumns,
  MachineInfo,
  Profile,
  RequestColumns,
  StrategyResult,
  TimeSeries,
} from '../shared/profileTypes';
import { summarizeStrategy } from '../engine/metrics/summarize';
import { PROFILE_FORMAT_VERSION } from '../engine/profile/profileFileTypes';

interface StrategyParts {
  label: string;
  config: StrategyResult['config'];
  batches: LiveBatch[];
  samples: LiveSample[];
  /** Rejections reported by the latest tick (a running total). */
  rejected: number;
  /** Measured intervals as planned at the start (the end's, when it came, are the actual ones). */
  measured?: Interval[];
  end?: Extract<LiveEvent, { kind: 'strategyEnd' }>;
}

export interface PartialProfileOptions {
  /** Why the run stopped, for the profile's warnings ("the engine process crashed"). */
  reason: string;
  /** Defaults to now. */
  createdAt?: Date;
}

/**
 * The partial profile, or undefined when the events hold nothing worth saving (no `model`
 * event, or no strategy started).
 */
export function eventsToPartialProfile(
  events: readonly LiveEvent[],
  options: PartialProfileOptions,
): Profile | undefined {
  let modelEvent: Extract<LiveEvent, { kind: 'model' }> | undefined;
  /** The rate the run derived after calibrating (the model event was sent before it was known). */
  let derivedRateRps: number | undefined;
  let calibration: Extract<LiveEvent, { kind: 'calibration' }>['points'] = [];
  let calibrationDetail: Extract<LiveEvent, { kind: 'calibration' }>['detail'];
  const warnings: string[] = [];
  const strategies = new Map<number, StrategyParts>();
  for (const e of events) {
    switch (e.kind) {
      case 'model':
        modelEvent = e;
        break;
      case 'calibration':
        calibration = e.points;
        calibrationDetail = e.detail;
        derivedRateRps = e.derivedRateRps;
        break;
      case 'strategyStart':
        strategies.set(e.strategy, {
          label: e.label,
          config: e.config,
          batches: [],
          samples: [],
          rejected: 0,
          ...(e.measured ? { measured: e.measured } : {}),
        });
        break;
      case 'tick': {
        const s = strategies.get(e.strategy);
        if (s) {
          s.batches.push(...e.batches);
          s.samples.push(...e.samples);
          s.rejected = Math.max(s.rejected, e.rejected ?? 0);
        }
        break;
      }
      case 'strategyEnd': {
        const s = strategies.get(e.strategy);
        if (s) s.end = e;
        break;
      }
      case 'warning':
        warnings.push(e.message);
        break;
      case 'stage':
        break;
      default: {
        const never: never = e;
        return never;
      }
    }
  }
  if (!modelEvent || strategies.size === 0) return undefined;
  const sloMs = modelEvent.settings.sloMs;
  const results = [...strategies.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, parts]) => strategyFrom(parts, sloMs));
  warnings.push(
    `Partial profile rebuilt from live events because ${options.reason}. Enqueue times are not recorded in live ` +
      'events and equal the scheduled arrival here; requests still queued or running at the stop are counted as never completed, ' +
      'and rejected requests are counted in the summary but appear as never run in the per-request columns.',
  );
  return {
    format: 'batchscope-profile',
    version: PROFILE_FORMAT_VERSION,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    tool: { name: 'batchscope', version: 'unknown' },
    ortVersion: 'unknown',
    executionProvider: modelEvent.settings.provider,
    machine: machineInfo(),
    model: modelEvent.model,
    settings:
      derivedRateRps === undefined
        ? modelEvent.settings
        : { ...modelEvent.settings, rateRps: derivedRateRps, rateDerived: true },
    calibration,
    ...(calibrationDetail ? { calibrationDetail } : {}),
    strategies: results,
    partial: true,
    warnings,
  };
}

function strategyFrom(parts: StrategyParts, sloMs: number | null): StrategyResult {
  const batches = [...parts.batches].sort((a, b) => a.index - b.index);
  const requests = requestColumns(batches);
  const batchCols = batchColumns(batches);
  const timeseries = timeSeries(parts.samples);
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const complete = parts.end !== undefined && !parts.end.partial;
  const measured = measuredSoFar(parts, timeseries);
  const summary = parts.end?.summary ?? {
    ...summarizeStrategy({
      requests,
      batches: batchCols,
      processCpuPercent: mean(timeseries.processCpuPercent),
      systemCpuPercent: mean(timeseries.systemCpuPercent),
      sloMs,
      delayHonour: null,
      measured,
    }),
    // The columns cannot tell which requests were rejected; the ticks said how many.
    rejected: parts.rejected,
  };
  return {
    label: parts.label,
    config: parts.config,
    summary,
    requests,
    batches: batchCols,
    timeseries,
    partial: !complete,
    ...(measured ? { measured } : {}),
  };
}

/**
 * The intervals measured by the time the events stop: the end event's when it came, else the
 * planned ones clipped at the last sample (what ran after it is unknown).
 */
function measuredSoFar(parts: StrategyParts, timeseries: TimeSeries): Interval[] | undefined {
  if (parts.end?.measured) return parts.end.measured;
  if (!parts.measured) return undefined;
  const last = timeseries.tMs.length > 0 ? timeseries.tMs[timeseries.tMs.length - 1] : 0;
  return parts.measured
    .filter((iv) => iv.fromMs < last)
    .map((iv) => ({ fromMs: iv.fromMs, toMs: Math.min(iv.toMs, last) }));
}

function requestColumns(batches: LiveBatch[]): RequestColumns {
  let n = 0;
  for (const b of batches) for (const id of b.requestIds) n = Math.max(n, id + 1);
  const scheduledMs = new Float64Array(n).fill(NaN);
  const doneMs = new Float64Array(n).fill(NaN);
  const batch = new Int32Array(n).fill(-1);
  batches.forEach((b, bi) => {
    b.requestIds.forEach((id, k) => {
      scheduledMs[id] = b.computeStartMs - b.queueMs[k];
      doneMs[id] = scheduledMs[id] + b.latencyMs[k];
      batch[id] = bi;
    });
  });
  // Requests that never ran have no known arrival: carry the previous one forward (ids are in
  // scheduled order), so the column stays monotonic and finite.
  let last = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scheduledMs[i])) scheduledMs[i] = last;
    else last = scheduledMs[i];
  }
  return { scheduledMs, enqueueMs: Float64Array.from(scheduledMs), doneMs, batch };
}

function batchColumns(batches: LiveBatch[]): BatchColumns {
  const m = batches.length;
  const members: number[] = [];
  const firstMember = new Int32Array(m);
  batches.forEach((b, i) => {
    firstMember[i] = members.length;
    members.push(...b.requestIds);
  });
  return {
    dispatchMs: Float64Array.from(batches, (b) => b.dispatchMs),
    computeStartMs: Float64Array.from(batches, (b) => b.computeStartMs),
    computeEndMs: Float64Array.from(batches, (b) => b.computeEndMs),
    size: Int32Array.from(batches, (b) => b.size),
    paddedSize: Int32Array.from(batches, (b) => b.paddedSize),
    padFraction: Float32Array.from(batches, (b) => b.padFraction),
    instance: Int32Array.from(batches, (b) => b.instance),
    firstMember,
    members: Int32Array.from(members),
    flushed: Uint8Array.from(batches, (b) => (b.flushed ? 1 : 0)),
  };
}

function timeSeries(samples: LiveSample[]): TimeSeries {
  const ts: TimeSeries = {
    intervalMs:
      samples.length >= 2 ? samples[1].tMs - samples[0].tMs : samples.length === 1 ? samples[0].tMs : 100,
    tMs: samples.map((s) => s.tMs),
    completionsPerS: samples.map((s) => s.completionsPerS),
    queueDepth: samples.map((s) => s.queueDepth),
    batchesInFlight: samples.map((s) => s.batchesInFlight),
    processCpuPercent: samples.map((s) => s.processCpuPercent),
    systemCpuPercent: samples.map((s) => s.systemCpuPercent),
  };
  if (samples.length > 0 && samples.every((s) => s.gpuUtilPercent !== undefined)) {
    ts.gpuUtilPercent = samples.map((s) => s.gpuUtilPercent!);
    ts.gpuMemoryMiB = samples.map((s) => s.gpuMemoryMiB ?? 0);
  }
  for (const key of POLICY_SERIES) {
    if (samples.some((s) => s[key] !== undefined)) ts[key] = samples.map((s) => s[key] ?? NaN);
  }
  return ts;
}

function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: os.platform(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    nodeVersion: process.version,
    gpu: null,
  };
}
