/**
 * Run configurations and re-runs in a real extension host: a model that needs a real input value
 * and a sequence length (samples/vad.onnx: sr=16000, sequence=512) runs from a configuration in
 * .batchscope/config.json; the CLI runs the same configuration (`profile --config NAME`) with the
 * same settings; a profile re-run from the editor reuses its recorded rate exactly, also a rate
 * the first run derived from calibration.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { COMMANDS, type ProfileBatchingResult } from '../../../src/extension/commandApi';
import { batchscopeExtension, copySampleModel, workspaceDir } from '../support/fixtures';
import { profileToFile } from '../support/runs';

const NAME = 'vad 16k (suite)';

function writeConfigurations(): string {
  const file = path.join(workspaceDir(), '.batchscope', 'config.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `{
  // Written by the VS Code suite, as a user would: comments allowed, model relative to the folder.
  "version": 1,
  "configurations": [
    {
      "name": ${JSON.stringify(NAME)},
      "model": "models/vad.onnx",
      "dims": { "sequence": 512 },
      "inputs": { "sr": 16000 },
      "strategies": ["none", "dynamic(max=4,delay=2)"],
      "traffic": { "arrival": "poisson", "rateRps": 100, "durationS": 0.5, "warmupS": 0.1, "seed": 7 },
      "execution": { "instances": 1, "threads": 1 }
    },
  ],
}
`,
  );
  return file;
}

async function runCommand(id: string, ...args: unknown[]): Promise<ProfileBatchingResult> {
  const result = await vscode.commands.executeCommand<ProfileBatchingResult | undefined>(id, ...args);
  assert.ok(result, `${id} must resolve with the run's result`);
  assert.equal(result.error, undefined, `the run failed: ${result.error}`);
  assert.ok(result.profilePath, 'no profile was saved');
  return result;
}

describe('Run configurations and re-runs', () => {
  let configFile = '';
  let editorProfile = '';

  before(async () => {
    await batchscopeExtension().activate();
    copySampleModel('vad.onnx');
    configFile = writeConfigurations();
  });

  after(() => fs.rmSync(configFile, { force: true }));

  it('runs a configuration of a model that needs sr=16000 and sequence=512', async function () {
    this.timeout(120_000);
    const result = await runCommand(COMMANDS.runConfiguration, NAME, vscode.Uri.file(configFile));
    editorProfile = result.profilePath!;
    const profile = readProfile(editorProfile);
    assert.equal(profile.partial, false);
    assert.equal(profile.settings.configuration, NAME, 'the profile names its configuration');
    assert.deepEqual(profile.model.fixedInputs, { sr: [16000] });
    assert.deepEqual(
      profile.model.dims.filter((d) => d.name === 'sequence').map((d) => [d.min, d.max, d.source]),
      [[512, 512, 'user']],
    );
    assert.deepEqual(
      profile.strategies.map((s) => s.config.name),
      ['none', 'dynamic'],
    );
    for (const s of profile.strategies) assert.ok(s.summary.completed > 0, `${s.label} completed requests`);
  });

  it('runs the same configuration from the CLI with the same settings', function () {
    this.timeout(120_000);
    assert.ok(editorProfile, 'needs the previous test');
    const cli = path.join(batchscopeExtension().extensionPath, 'dist', 'cli.js');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-cfg-')), 'cli.json');
    const r = spawnSync(process.execPath, [cli, 'profile', '--config', NAME, '--out', out, '--no-progress'], {
      cwd: workspaceDir(),
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `batchscope profile --config exited ${r.status}: ${r.stderr}`);
    const fromCli = readProfile(out);
    const fromEditor = readProfile(editorProfile);
    assert.deepEqual(fromCli.settings, fromEditor.settings, 'the CLI ran exactly what the editor ran');
    assert.deepEqual(fromCli.model.dims, fromEditor.model.dims);
    assert.deepEqual(fromCli.model.fixedInputs, fromEditor.model.fixedInputs);
  });

  it('re-runs a profile with its recorded rate, also one derived from calibration', async function () {
    this.timeout(120_000);
    const mlp = copySampleModel('mlp.onnx');
    const firstPath = await profileToFile(mlp, {
      durationS: 0.5,
      warmupS: 0.1,
      rateRps: null,
      strategies: [{ name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] }],
    });
    const first = readProfile(firstPath);
    assert.equal(first.settings.rateDerived, true, 'the first run derived its rate');
    assert.ok(first.settings.rateRps !== null && first.settings.rateRps > 0);
    const again = await runCommand(COMMANDS.rerunProfile, vscode.Uri.file(firstPath));
    const second = readProfile(again.profilePath!);
    assert.equal(second.settings.rateRps, first.settings.rateRps, 'the recorded rate, not a new derivation');
    assert.deepEqual(second.settings.strategies, first.settings.strategies);
    assert.equal(second.settings.seed, first.settings.seed);
    assert.equal(second.settings.durationS, first.settings.durationS);
  });
});
