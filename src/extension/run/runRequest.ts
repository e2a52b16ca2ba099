/**
 * The run plan moved to src/shared/runPlan.ts, so the CLI's `profile --config` builds a run
 * exactly as the panel does; re-exported here so the extension's imports stay as they are.
 */
export {
  mergeRunConfig,
  planEngineRun,
  maxBatchOf,
  RunConfigError,
  type EngineRunPlan,
} from '../../shared/runPlan';
