/**
 * In-memory {@link Profile} ⇄ on-disk {@link ProfileFile}. Decoding checks, in order: that the
 * value is a Batchscope profile at all, that its version is one this build reads, the JSON
 * Schema, and finally that every column decodes to the length its count promises.
 */
import {
  BATCH_REJECTED,
  type Percentiles,
  type Profile,
  type StrategySummary,
  type TimeSeries,
} from '../../shared/profileTypes';
import { decodeColumns, encodeColumns } from './columnsCodec';
import { ProfileError } from './profileError';
import {
  PROFILE_FORMAT,
  PROFILE_FORMAT_VERSION,
  PROFILE_FORMAT_VERSION_BASE,
  type ProfileFile,
  type StrategyFile,
} from './profileFileTypes';
import { schemaViolation } from './validateProfileFile';
import { ColumnDataError } from './varintColumn';

/**
 * The oldest format version that holds `profile`: 2 when a strategy rejected requests or the
 * traffic had priority levels (columns version 1 does not have), else 1 — so a build that reads
 * only version 1 still opens every profile it can understand.
 */
export function profileFileVersion(profile: Pick<Profile, 'strategies'>): number {
  for (const s of profile.strategies) {
    if (s.requests.priority || s.requests.batch.includes(BATCH_REJECTED)) return PROFILE_FORMAT_VERSION;
  }
  return PROFILE_FORMAT_VERSION_BASE;
}

/** Encodes a profile for writing. Stamps the format and the version its contents need. */
export function encodeProfile(profile: Profile): ProfileFile {
  return {
    format: PROFILE_FORMAT,
    version: profileFileVersion(profile),
    createdAt: profile.createdAt,
    tool: profile.tool,
    ortVersion: profile.ortVersion,
    executionProvider: profile.executionProvider,
    machine: profile.machine,
    model: profile.model,
    settings: profile.settings,
    calibration: profile.calibration,
    ...(profile.calibrationDetail ? { calibrationDetail: profile.calibrationDetail } : {}),
    strategies: profile.strategies.map((s): StrategyFile => {
      const columns = encodeColumns(s.requests, s.batches);
      return {
        label: s.label,
        config: s.config,
        summary: s.summary,
        partial: s.partial,
        timeseries: s.timeseries,
        requests: columns.requests,
        batches: columns.batches,
        ...(s.measured ? { measured: s.measured } : {}),
      };
    }),
    partial: profile.partial,
    warnings: profile.warnings,
    ...(profile.simulated ? { simulated: profile.simulated } : {}),
  };
}

// JSON has no NaN: JSON.stringify writes null. Numbers that were "not measured" come back as NaN.
const nan = (v: number | null): number => (v === null ? NaN : v);

function percentilesFromJson(p: Percentiles): Percentiles {
  return {
    p50: nan(p.p50),
    p90: nan(p.p90),
    p95: nan(p.p95),
    p99: nan(p.p99),
    p999: nan(p.p999),
    max: nan(p.max),
    mean: nan(p.mean),
  };
}

function summaryFromJson(s: StrategySummary): StrategySummary {
  return {
    ...s,
    durationS: nan(s.durationS),
    throughputRps: nan(s.throughputRps),
    latencyMs: percentilesFromJson(s.latencyMs),
    queueMs: percentilesFromJson(s.queueMs),
    computeMs: percentilesFromJson(s.computeMs),
    batchSize: { mean: nan(s.batchSize.mean), max: nan(s.batchSize.max) },
    paddingRatio: nan(s.paddingRatio),
    ...(s.padFraction !== undefined ? { padFraction: nan(s.padFraction) } : {}),
    ...(s.levels
      ? {
          levels: s.levels.map((l) => ({
            ...l,
            latencyMs: percentilesFromJson(l.latencyMs),
          })),
        }
      : {}),
    cpuPercent: nan(s.cpuPercent),
    systemCpuPercent: nan(s.systemCpuPercent),
    delayHonour: s.delayHonour && {
      ...s.delayHonour,
      p50ErrorMs: nan(s.delayHonour.p50ErrorMs),
      p99ErrorMs: nan(s.delayHonour.p99ErrorMs),
      maxErrorMs: nan(s.delayHonour.maxErrorMs),
    },
    ...(s.stability
      ? {
          stability: {
            ...s.stability,
            windows: s.stability.windows.map((w) => ({ ...w, p99Ms: nan(w.p99Ms) })),
          },
        }
      : {}),
  };
}

function timeseriesFromJson(t: TimeSeries): TimeSeries {
  const arr = (a: Array<number | null>): number[] => a.map(nan);
  return {
    ...t,
    tMs: arr(t.tMs),
    completionsPerS: arr(t.completionsPerS),
    queueDepth: arr(t.queueDepth),
    batchesInFlight: arr(t.batchesInFlight),
    processCpuPercent: arr(t.processCpuPercent),
    systemCpuPercent: arr(t.systemCpuPercent),
    ...(t.gpuUtilPercent ? { gpuUtilPercent: arr(t.gpuUtilPercent) } : {}),
    ...(t.gpuMemoryMiB ? { gpuMemoryMiB: arr(t.gpuMemoryMiB) } : {}),
    ...(t.policyCapBatch ? { policyCapBatch: arr(t.policyCapBatch) } : {}),
    ...(t.policyEstimateMs ? { policyEstimateMs: arr(t.policyEstimateMs) } : {}),
    ...(t.policyCostPerItemMs ? { policyCostPerItemMs: arr(t.policyCostPerItemMs) } : {}),
    ...(t.policyCostBaseMs ? { policyCostBaseMs: arr(t.policyCostBaseMs) } : {}),
  };
}

/**
 * Decodes and validates a parsed profile file.
 * @param file the parsed JSON value
 * @param sourcePath the file it came from, for messages
 * @throws ProfileError saying what is wrong: foreign file, newer version, schema violation
 *   (naming the field), or corrupt column data (naming the column)
 */
export function decodeProfile(file: unknown, sourcePath: string): Profile {
  const obj = file as Partial<ProfileFile> | null;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || obj.format !== PROFILE_FORMAT) {
    throw new ProfileError(
      `${sourcePath} is JSON but not a Batchscope profile (it has no "format": "${PROFILE_FORMAT}" field). ` +
        'Pass a file written by `batchscope profile`.',
      sourcePath,
    );
  }
  if (typeof obj.version === 'number' && obj.version > PROFILE_FORMAT_VERSION) {
    throw new ProfileError(
      `${sourcePath} was written by a newer Batchscope (profile format v${obj.version}; this build reads up to ` +
        `v${PROFILE_FORMAT_VERSION}); update Batchscope to open it.`,
      sourcePath,
    );
  }
  const violation = schemaViolation(file);
  if (violation) {
    throw new ProfileError(`${sourcePath} is not a valid Batchscope profile: ${violation}.`, sourcePath);
  }
  const valid = file as ProfileFile;
  // The priority levels the run had, when the settings say (an empty list says nothing).
  const levels = valid.settings.priorities?.length || undefined;
  const strategies = valid.strategies.map((s, index) => {
    try {
      const columns = decodeColumns(s.requests, s.batches, levels);
      return {
        label: s.label,
        config: s.config,
        summary: summaryFromJson(s.summary),
        partial: s.partial,
        timeseries: timeseriesFromJson(s.timeseries),
        requests: columns.requests,
        batches: columns.batches,
        ...(s.measured ? { measured: s.measured } : {}),
      };
    } catch (err) {
      if (!(err instanceof ColumnDataError)) throw err;
      throw new ProfileError(
        `${sourcePath} is corrupt: strategy ${index} ("${s.label}") column ${err.message}. ` +
          'The file was damaged after it was written; run the profile again.',
        sourcePath,
      );
    }
  });
  return {
    format: PROFILE_FORMAT,
    version: valid.version,
    createdAt: valid.createdAt,
    tool: valid.tool,
    ortVersion: valid.ortVersion,
    executionProvider: valid.executionProvider,
    machine: valid.machine,
    model: valid.model,
    settings: valid.settings,
    calibration: valid.calibration.map((c) => ({
      ...c,
      latencyMs: nan(c.latencyMs),
      p90Ms: nan(c.p90Ms),
      throughput: nan(c.throughput),
    })),
    ...(valid.calibrationDetail ? { calibrationDetail: valid.calibrationDetail } : {}),
    strategies,
    partial: valid.partial,
    warnings: valid.warnings,
    ...(valid.simulated ? { simulated: valid.simulated } : {}),
  };
}
