/**
 * The engine process's sweep requests (the panel's Sweep and Verify): run the sweep or verify a
 * saved one with the same code as `batchscope sweep`, save the sweep file (and each verification's
 * profile beside the sweeps, in the profiles folder), and report stages and states as they come.
 */
import * as path from 'node:path';
import type { HostToEngine } from '../shared/engineProtocol';
import type { SweepFile } from '../shared/sweep/sweepTypes';
import type { Profile } from '../shared/profileTypes';
import { describeTarget } from '../engine/target/target';
import { writeProfileAtomic } from '../engine/profile/profileIo';
import { runSweep } from '../engine/sweep/runSweep';
import { sweepSettingsFromPanel, verifyExistingSweep } from '../engine/sweep/panelSweep';
import { readSweepFile, writeSweepAtomic } from '../engine/sweep/sweepIo';
import { newProfilePath, SAVE_ELSEWHERE_HINT } from '../shared/node/profileNames';

/** Seconds each verification runs the recommendation for real (as the CLI's default). */
const VERIFY_DURATION_S = 5;

/** Verification profiles go in a `profiles` folder beside the sweeps folder (`.batchscope/profiles`). */
function saveVerificationBeside(sweepPath: string, modelPath: string): (profile: Profile) => string | null {
  return (profile) => {
    const folder = path.join(path.dirname(path.dirname(sweepPath)), 'profiles');
    const file = newProfilePath(folder, modelPath, new Date());
    try {
      writeProfileAtomic(file, profile, { elsewhere: SAVE_ELSEWHERE_HINT });
      return file;
    } catch {
      return null;
    }
  };
}

export async function engineSweep(
  request: Extract<HostToEngine, { type: 'sweep' } | { type: 'verifySweep' }>,
  hooks: { onStage: (stage: string) => void; onUpdate: (sweep: SweepFile) => void; signal: AbortSignal },
): Promise<{ sweep: SweepFile | null; path: string }> {
  if (request.type === 'sweep') {
    const model = await describeTarget(request.modelPath, request.modelOptions);
    const { settings, strategies } = sweepSettingsFromPanel(
      request.config,
      request.seed,
      model.batchable ? model.maxBatchSupported : 1,
    );
    const sweep = await runSweep({
      modelPath: request.modelPath,
      modelOptions: request.modelOptions,
      model,
      strategies,
      settings,
      warmupS: request.warmupS,
      verify: request.config.verify,
      verifyDurationS: VERIFY_DURATION_S,
      onStage: hooks.onStage,
      onUpdate: hooks.onUpdate,
      saveVerification: saveVerificationBeside(request.outPath, request.modelPath),
      signal: hooks.signal,
    });
    if (sweep) writeSweepAtomic(request.outPath, sweep);
    return { sweep, path: request.outPath };
  }
  const sweep = readSweepFile(request.sweepPath);
  await verifyExistingSweep(sweep, {
    modelPath: sweep.model.path,
    modelOptions: request.modelOptions,
    verifyDurationS: VERIFY_DURATION_S,
    warmupS: 1,
    onStage: hooks.onStage,
    onUpdate: hooks.onUpdate,
    saveVerification: saveVerificationBeside(request.sweepPath, sweep.model.path),
    signal: hooks.signal,
  });
  writeSweepAtomic(request.sweepPath, sweep);
  return { sweep, path: request.sweepPath };
}
