/**
 * The profile as it lies on disk (versions 1 and 2). Everything but the per-request and per-batch
 * columns is plain JSON, identical to the in-memory {@link Profile}; the columns are compact
 * encoded strings (see columnsCodec.ts). profile.schema.json describes the same shape.
 */
import type { Interval } from '../../shared/measurementPlan';
import type {
  CalibrationDetail,
  CalibrationPoint,
  MachineInfo,
  ModelSummary,
  RunSettings,
  SimulationInfo,
  StrategyConfig,
  StrategySummary,
  TimeSeries,
} from '../../shared/profileTypes';

/**
 * The newest file format version this build writes and reads. Version 2 added rejected requests
 * (batch -2, the `requests.rejected` column) and priority levels (`requests.priority`); a
 * profile that has neither is still written as version 1 (profileFileVersion in profileCodec.ts), so older
 * builds keep opening it, and one that has them tells an older build to update instead of
 * failing its schema check.
 */
export const PROFILE_FORMAT_VERSION = 2;
/** The version of a file that uses nothing newer than the first format. */
export const PROFILE_FORMAT_VERSION_BASE = 1;
export const PROFILE_FORMAT = 'batchscope-profile';

// The encoded column types are shared with the webview, which decodes the same columns.
import type { EncodedBatches, EncodedRequests } from '../../shared/encodedColumns';
export type { EncodedBatches, EncodedColumn, EncodedRequests } from '../../shared/encodedColumns';

export interface StrategyFile {
  label: string;
  config: StrategyConfig;
  summary: StrategySummary;
  partial: boolean;
  timeseries: TimeSeries;
  requests: EncodedRequests;
  batches: EncodedBatches;
  /** StrategyResult.measured: absent in older files (everything measured). */
  measured?: Interval[];
}

export interface ProfileFile {
  format: typeof PROFILE_FORMAT;
  version: number;
  createdAt: string;
  tool: { name: string; version: string };
  ortVersion: string;
  executionProvider: string;
  machine: MachineInfo;
  model: ModelSummary;
  settings: RunSettings;
  calibration: CalibrationPoint[];
  calibrationDetail?: CalibrationDetail;
  strategies: StrategyFile[];
  partial: boolean;
  warnings: string[];
  simulated?: SimulationInfo;
}
