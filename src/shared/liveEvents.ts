/**
 * What the engine reports while a run goes on. The CLI turns these into a progress bar, the
 * extension forwards them (throttled) to the panel, which draws charts from them live. A saved
 * profile can be replayed as the same events, so live and reopened views share one code path.
 */
import type {
  CalibrationDetail,
  CalibrationPoint,
  ModelSummary,
  RunSettings,
  StrategyConfig,
  StrategyResult,
  StrategySummary,
} from './profileTypes';
import type { Interval } from './measurementPlan';

export type RunStage = 'loading' | 'warmup' | 'calibrating' | 'running' | 'saving' | 'done';

/** One dispatched batch, with what the panel needs to show who was in it and how long they waited. */
export interface LiveBatch {
  /** Batch index within the strategy. */
  index: number;
  dispatchMs: number;
  computeStartMs: number;
  computeEndMs: number;
  size: number;
  paddedSize: number;
  padFraction: number;
  instance: number;
  flushed: boolean;
  /** Request ids in the batch. */
  requestIds: number[];
  /** Per member, same order: scheduled arrival -> compute start, and scheduled arrival -> done (ms). */
  queueMs: number[];
  latencyMs: number[];
}

/** One fixed-interval sample (see TimeSeries for meanings). */
export interface LiveSample {
  tMs: number;
  completionsPerS: number;
  queueDepth: number;
  batchesInFlight: number;
  processCpuPercent: number;
  systemCpuPercent: number;
  gpuUtilPercent?: number;
  gpuMemoryMiB?: number;
  /** What an adaptive policy reported at the sample (BatchingPolicy.observe), when it did. */
  policyCapBatch?: number;
  policyEstimateMs?: number;
  policyCostPerItemMs?: number;
  policyCostBaseMs?: number;
}

/** The sample / time-series fields an adaptive policy's `observe()` fills. */
export const POLICY_SERIES = [
  'policyCapBatch',
  'policyEstimateMs',
  'policyCostPerItemMs',
  'policyCostBaseMs',
] as const;

export type LiveEvent =
  | { kind: 'stage'; stage: RunStage; message: string }
  | { kind: 'model'; model: ModelSummary; settings: RunSettings }
  /**
   * `detail`: the length the points were measured at, the length grid, concurrency (absent from
   * older engines). `derivedRateRps`: the offered rate derived from these points when the user
   * gave none (DERIVED_RATE_RULE), as the run will use and the profile records it.
   */
  | { kind: 'calibration'; points: CalibrationPoint[]; detail?: CalibrationDetail; derivedRateRps?: number }
  | {
      kind: 'strategyStart';
      strategy: number;
      label: string;
      config: StrategyConfig;
      /** Requests scheduled for this strategy (null for closed loop, unknown ahead). */
      expectedRequests: number | null;
      durationS: number;
      /**
       * The intervals planned to be measured (warm-ups and other strategies' turns lie between);
       * requests scheduled outside them are not results. Absent in older recordings: all measured.
       */
      measured?: Interval[];
    }
  | {
      kind: 'tick';
      strategy: number;
      /** 0..1 of this strategy's run. */
      fraction: number;
      completed: number;
      /**
       * Requests rejected so far (queue full, timed out, shed by the policy): a running total,
       * like `completed`. Which ones is in the profile (batch -2), not in live events.
       */
      rejected: number;
      /** Batches completed since the previous tick. */
      batches: LiveBatch[];
      /** Samples taken since the previous tick. */
      samples: LiveSample[];
    }
  | {
      kind: 'strategyEnd';
      strategy: number;
      summary: StrategySummary;
      partial: boolean;
      /** The intervals actually measured (an until-stable run or an abort ends them early). */
      measured?: Interval[];
    }
  | { kind: 'warning'; message: string };

/** Callback the engine calls; must return quickly (it runs on the scheduler thread). */
export type LiveListener = (event: LiveEvent) => void;

export type { StrategyResult };
