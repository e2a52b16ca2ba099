/**
 * Recorded sweeps of samples/mlp.onnx (written by `batchscope sweep`, calibration samples trimmed)
 * and the host messages that show them. Node only.
 *   verified:   20 configurations (none and dynamic(max=4|8|16,delay=0|1|2) on 1 and 2 instances),
 *               SLO p99 ≤ 10 ms, target 3000 req/s; the first candidate missed when measured, the
 *               second met it: the recommendation carries `measured` and `verified: true`.
 *   unverified: 10 configurations on 1 instance, SLO p99 ≤ 5 ms, the most throughput; all three
 *               candidates missed when measured, so the recommendation is not verified.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { HostToWebview } from '../../src/shared/panelProtocol';
import type { SweepFile } from '../../src/shared/sweep/sweepTypes';
import { DEFAULTS } from './panelFixtures';

export type SweepFixture = 'verified' | 'unverified';

export function sweepFixture(name: SweepFixture): SweepFile {
  const file = path.join(__dirname, 'fixtures', `mlpSweep.${name}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SweepFile;
}

export const SWEEP_PATH = '/work/project/.batchscope/sweeps/mlp-20261201-213239.sweep.json';

/** A saved sweep opened in the panel: init in 'sweep' mode, then the sweep, done. */
export function openedSweepMessages(sweep: SweepFile, trusted = true): HostToWebview[] {
  return [
    { type: 'init', mode: 'sweep', defaults: DEFAULTS, trusted, title: path.basename(SWEEP_PATH) },
    { type: 'sweep', sweep, state: 'done', sweepPath: SWEEP_PATH },
  ];
}

/** The model the sweeps were run on, as the host's init for the configure mode carries it. */
export function configureMessage(sweep: SweepFile): HostToWebview {
  return {
    type: 'init',
    mode: 'configure',
    model: sweep.model,
    defaults: DEFAULTS,
    trusted: true,
    title: sweep.model.fileName,
  };
}
