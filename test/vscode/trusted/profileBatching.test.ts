/**
 * The extension inside a real extension host (desktop VS Code or code-server), trusted workspace:
 * activation, commands, a real short run on a sample model, Open Profile, and the documented
 * messages for models that cannot be profiled.
 */
import { inIntervals } from '../../../src/shared/measurementPlan';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  COMMANDS,
  type ProfileBatchingOptions,
  type ProfileBatchingResult,
} from '../../../src/extension/commandApi';
import { readProfile } from '../../../src/engine/profile/profileIo';
import {
  batchscopeExtension,
  batchscopePanelTabs,
  copySampleModel,
  eventually,
  savedProfiles,
  workspaceDir,
  writeCorruptModel,
} from '../support/fixtures';

/** A short run (seconds, not minutes) that still exercises every strategy. */
const SHORT_RUN: ProfileBatchingOptions = {
  autoStart: true,
  run: {
    durationS: 1,
    warmupS: 0.2,
    // Low enough for every strategy on a busy 2-core machine (a derived rate overloads `none`).
    rateRps: 200,
    strategies: [
      { name: 'none' },
      { name: 'static', batchSize: 4 },
      { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] },
    ],
  },
};

async function profileBatching(uri: vscode.Uri, options = SHORT_RUN): Promise<ProfileBatchingResult> {
  const result = await vscode.commands.executeCommand<ProfileBatchingResult | undefined>(
    COMMANDS.profileBatching,
    uri,
    options,
  );
  assert.ok(result, 'profileBatching with autoStart must resolve to a result object');
  return result;
}

describe('Batchscope in a trusted workspace', () => {
  before(() => {
    assert.equal(vscode.workspace.isTrusted, true, 'this suite needs a trusted workspace');
  });

  // A test that failed mid-run must not leave a run going that makes the next tests fail too.
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vscode.commands.executeCommand(COMMANDS.stopProfiling);
  });

  it('activates', async () => {
    const ext = batchscopeExtension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers Profile Batching, Open Profile, Compare Profiles and Stop Profiling', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(COMMANDS).filter((c) => !all.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  let profilePath = '';

  it('profiles mlp.onnx with none, static and dynamic into a valid profile in the workspace', async function () {
    this.timeout(120_000);
    const model = copySampleModel('mlp.onnx');
    const result = await profileBatching(model);
    assert.equal(result.error, undefined, `the run failed: ${result.error}`);
    assert.equal(result.partial, false);
    assert.ok(result.profilePath, 'no profilePath in the result');
    profilePath = result.profilePath;
    assert.ok(fs.existsSync(profilePath), `profile ${profilePath} was not written`);
    assert.ok(
      profilePath.startsWith(workspaceDir()),
      `profile ${profilePath} should be saved inside the workspace ${workspaceDir()}`,
    );

    // The engine's own reader validates against the schema and decodes the columns.
    const profile = readProfile(profilePath);
    assert.equal(profile.partial, false);
    assert.deepEqual(
      profile.strategies.map((s) => s.config.name),
      ['none', 'static', 'dynamic'],
    );
    for (const s of profile.strategies) {
      assert.ok(s.summary.completed > 0, `${s.label}: no completed requests`);
      // The columns hold every request, the strategy's warm-up included; the summary counts the
      // measured ones (scheduled inside its measured intervals).
      const measured = Array.from(s.requests.scheduledMs).filter((t) => inIntervals(s.measured, t)).length;
      assert.equal(measured, s.summary.requests, `${s.label}: measured request columns vs summary`);
      assert.ok(
        s.measured && s.measured[0].fromMs > 0,
        `${s.label}: the panel's run has a per-strategy warm-up`,
      );
      assert.ok(s.summary.latencyMs.p50 > 0, `${s.label}: p50 latency must be positive`);
      assert.ok(s.summary.latencyMs.p50 <= s.summary.latencyMs.p99, `${s.label}: p50 > p99`);
    }
    assert.equal(
      profile.strategies[1].summary.batchSize.max <= 4,
      true,
      'static batches larger than batchSize',
    );
    assert.ok(profile.calibration.length > 0, 'calibration missing');
  });

  it('opens the saved profile in the panel', async () => {
    assert.ok(profilePath, 'needs the profile of the previous test');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const shown = await vscode.commands.executeCommand<boolean>(
      COMMANDS.openProfile,
      vscode.Uri.file(profilePath),
    );
    assert.equal(shown, true, 'openProfile did not show the profile');
    await eventually(() => batchscopePanelTabs().length > 0, 10_000, 'a Batchscope panel tab');
  });

  it('reports a corrupt model without running anything', async () => {
    const before = savedProfiles().length;
    const result = await profileBatching(writeCorruptModel('corrupt.onnx'));
    assert.ok(result.error, 'a corrupt model must produce an error');
    assert.match(result.error, /corrupt\.onnx/, `the message must name the file: ${result.error}`);
    assert.match(
      result.error,
      /load|parse|corrupt|not a valid|protobuf/i,
      `unexpected message: ${result.error}`,
    );
    assert.doesNotMatch(result.error, /\n\s+at /, 'no stack trace for users');
    assert.equal(result.profilePath, undefined);
    assert.equal(savedProfiles().length, before, 'no profile may be written for a corrupt model');
  });

  it('explains that a fixed-batch model cannot be batched', async () => {
    const before = savedProfiles().length;
    const result = await profileBatching(copySampleModel('fixed_batch.onnx'));
    assert.ok(result.error, 'a fixed-batch model must produce an error');
    assert.match(
      result.error,
      /cannot batch|not batchable|batch dim(ension)? is fixed|fixed batch/i,
      `unexpected message: ${result.error}`,
    );
    assert.match(result.error, /re-?export|dynamic/i, 'the message must say the fix (dynamic batch axis)');
    assert.doesNotMatch(result.error, /\n\s+at /, 'no stack trace for users');
    assert.equal(savedProfiles().length, before, 'no profile may be written for a fixed-batch model');
  });
});
