/**
 * Restricted mode: code-server started with workspace trust on and the startup prompt off, so
 * the folder stays untrusted. No model may be loaded or run; the reason is returned.
 * (@vscode/test-electron always passes --disable-workspace-trust, so this runs in code-server only.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, type ProfileBatchingResult } from '../../../src/extension/commandApi';
import { batchscopeExtension, copySampleModel, savedProfiles } from '../support/fixtures';

describe('Batchscope in an untrusted workspace', () => {
  before(() => {
    assert.equal(
      vscode.workspace.isTrusted,
      false,
      'this suite needs an untrusted workspace (trust on, no prompt)',
    );
  });

  it('still activates and registers its commands', async () => {
    await batchscopeExtension().activate();
    const all = new Set(await vscode.commands.getCommands(true));
    assert.ok(all.has(COMMANDS.profileBatching), 'Profile Batching not registered in restricted mode');
    assert.ok(all.has(COMMANDS.openProfile), 'Open Profile not registered in restricted mode');
  });

  it('runs no model and says why', async () => {
    const model = copySampleModel('mlp.onnx');
    const result = await vscode.commands.executeCommand<ProfileBatchingResult | undefined>(
      COMMANDS.profileBatching,
      model,
      { autoStart: true, run: { durationS: 1, warmupS: 0.2, strategies: [{ name: 'none' }] } },
    );
    assert.ok(result?.error, 'an untrusted workspace must refuse to run the model');
    assert.match(result.error, /trust/i, `the message must mention workspace trust: ${result.error}`);
    assert.equal(result.profilePath, undefined);
    assert.deepEqual(savedProfiles(), [], 'nothing may be profiled or saved in an untrusted workspace');
  });
});
