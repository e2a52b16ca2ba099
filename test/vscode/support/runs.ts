/** Runs Profile Batching through its command API, as the integration tests need it. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  COMMANDS,
  type ProfileBatchingOptions,
  type ProfileBatchingResult,
  type ProfileRunConfig,
} from '../../../src/extension/commandApi';

/**
 * Starts `batchscope.profileBatching` with `autoStart` and resolves with its result (the run's
 * end). Fails the test when the command resolves with nothing.
 */
export async function profileBatching(
  model: vscode.Uri,
  run: Partial<ProfileRunConfig>,
): Promise<ProfileBatchingResult> {
  const options: ProfileBatchingOptions = { autoStart: true, run };
  const result = await vscode.commands.executeCommand<ProfileBatchingResult | undefined>(
    COMMANDS.profileBatching,
    model,
    options,
  );
  assert.ok(result, 'profileBatching with autoStart must resolve to a result object');
  return result;
}

/** A finished run's profile path; fails the test on an error or a partial run. */
export async function profileToFile(model: vscode.Uri, run: Partial<ProfileRunConfig>): Promise<string> {
  const result = await profileBatching(model, run);
  assert.equal(result.error, undefined, `the run failed: ${result.error}`);
  assert.equal(result.partial, false, 'the run should have finished, not been cut short');
  assert.ok(result.profilePath, 'no profilePath in the result');
  return result.profilePath;
}
