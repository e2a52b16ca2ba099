/**
 * Batchscope: Profile Synthetic Model… inside a real extension host: the spec goes through the
 * shared parser, the panel opens on the synthetic model and the engine child runs it on busy-wait
 * workers into a profile that records the target.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  COMMANDS,
  type ProfileBatchingOptions,
  type ProfileBatchingResult,
} from '../../../src/extension/commandApi';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { batchscopePanelTabs, workspaceDir } from '../support/fixtures';

const SHORT_RUN: ProfileBatchingOptions = {
  autoStart: true,
  run: {
    durationS: 0.5,
    warmupS: 0,
    rateRps: 100,
    strategies: [{ name: 'none' }, { name: 'dynamic', maxBatch: 4, maxDelayMs: 2, preferredBatch: [] }],
  },
};

async function profileSynthetic(spec: string): Promise<ProfileBatchingResult> {
  const result = await vscode.commands.executeCommand<ProfileBatchingResult | undefined>(
    COMMANDS.profileSyntheticModel,
    spec,
    SHORT_RUN,
  );
  assert.ok(result, 'profileSyntheticModel with autoStart must resolve to a result object');
  return result;
}

describe('Profile Synthetic Model', () => {
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vscode.commands.executeCommand(COMMANDS.stopProfiling);
  });

  it('profiles a synthetic model in the panel into a profile that records its target', async function () {
    this.timeout(120_000);
    const result = await profileSynthetic('base=2ms,per-item=0.5ms');
    assert.equal(result.error, undefined, `the run failed: ${result.error}`);
    assert.ok(result.profilePath, 'no profilePath in the result');
    assert.ok(
      result.profilePath.startsWith(path.join(workspaceDir(), '.batchscope')),
      `${result.profilePath} is not in the workspace's profiles folder`,
    );
    const profile = readProfile(result.profilePath);
    assert.equal(profile.model.path, 'synthetic:base=2ms,per-item=0.5ms');
    assert.deepEqual(profile.model.target, {
      kind: 'synthetic',
      spec: 'synthetic:base=2ms,per-item=0.5ms',
      baseMs: 2,
      perItemMs: 0.5,
      jitter: 0,
      maxBatch: null,
    });
    assert.deepEqual(
      profile.strategies.map((s) => s.config.name),
      ['none', 'dynamic'],
    );
    assert.ok(
      profile.calibration[0].latencyMs >= 2.5,
      `batch 1 costs 2.5 ms: ${profile.calibration[0].latencyMs}`,
    );
    assert.ok(batchscopePanelTabs().length > 0, 'the panel is open');
  });

  it('refuses a spec that does not parse, naming the parameter and the fix', async () => {
    const result = await profileSynthetic('base=20,per-item=2ms');
    assert.match(result.error ?? '', /base=20 has no unit; write base=20ms/);
    assert.equal(result.profilePath, undefined);
  });
});
