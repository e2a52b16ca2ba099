/**
 * The panel's sweep requests, on the engine side: a form's sweep config becomes the CLI's sweep
 * settings (one meaning for both), and Verify on a sweep that already exists (just run, or saved
 * and reopened) re-simulates it from its own calibration and settings — the same seed gives the
 * same candidates — then verifies them on the model.
 */
import type { StrategyConfig } from '../../shared/profileTypes';
import type { PanelSweepConfig } from '../../shared/sweep/sweepPanelProtocol';
import { expandSweepSpecs, splitSweepSpecs } from '../../shared/sweep/sweepSpecs';
import type { SweepFile, SweepSettings } from '../../shared/sweep/sweepTypes';
import { simulateSweep } from './simulateSweep';
import { verifyCandidates, type RunSweepOptions } from './runSweep';

/** The sweep settings and checked configurations of a panel sweep config. */
export function sweepSettingsFromPanel(
  config: PanelSweepConfig,
  seed: number,
  modelMaxBatch: number | null,
): { settings: SweepSettings; strategies: StrategyConfig[] } {
  const strategies = expandSweepSpecs(config.strategies, modelMaxBatch);
  return {
    strategies,
    settings: {
      strategies: splitSweepSpecs(config.strategies),
      instances: [...new Set(config.instances)].sort((a, b) => a - b),
      rates: { kind: 'capacity', values: [...new Set(config.load)].sort((a, b) => a - b) },
      slo: config.sloMs === null ? null : { ms: config.sloMs, percentile: config.sloPercentile },
      margin: config.marginPct / 100,
      targetRps: config.targetRps,
      pointDurationS: 1,
      seed,
      measure: config.measure,
    },
  };
}

/** Verify on an existing sweep: re-simulate it from its calibration, then verify its candidates. */
export async function verifyExistingSweep(
  sweep: SweepFile,
  o: Pick<
    RunSweepOptions,
    | 'modelPath'
    | 'modelOptions'
    | 'verifyDurationS'
    | 'warmupS'
    | 'onUpdate'
    | 'saveVerification'
    | 'signal'
    | 'onStage'
  >,
): Promise<SweepFile> {
  if (!sweep.settings.slo)
    throw new Error('This sweep has no SLO, so it has no recommendation to verify. Sweep again with an SLO.');
  const strategies = expandSweepSpecs(sweep.settings.strategies.join(','), sweep.model.maxBatchSupported);
  o.onStage?.('Simulating the sweep again to rank its candidates');
  const sim = simulateSweep({
    model: sweep.model,
    calibration: sweep.calibration,
    calibrationDetail: sweep.calibrationDetail,
    settings: sweep.settings,
    strategies,
  });
  await verifyCandidates(o, sweep, sim, o.onStage ?? (() => {}));
  return sweep;
}
