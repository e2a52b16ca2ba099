/**
 * Saved profiles inside a real extension host: Open Profile shows the numbers the CLI prints for
 * the same file, Compare Profiles overlays two runs, and a JSON file that is not a profile gets a
 * clear message while the extension keeps working.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commandApi';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { summaryFromProfile } from '../../../src/engine/profile/profileSummary';
import { replayProfile } from '../../../src/shared/profileReplay';
import type { StrategySummary } from '../../../src/shared/profileTypes';
import { cliShowJson } from '../support/cli';
import { batchscopePanelTabs, copySampleModel, eventually, workspaceDir } from '../support/fixtures';
import { profileToFile } from '../support/runs';
import { WindowSpy } from '../support/windowSpy';

/** One strategy, 1 s: enough for a profile with real numbers, short enough to run twice. */
function dynamicRun(maxBatch: number, seed: number) {
  return {
    durationS: 1,
    warmupS: 0.2,
    rateRps: 200,
    seed,
    strategies: [{ name: 'dynamic' as const, maxBatch, maxDelayMs: 2, preferredBatch: [] }],
  };
}

/** The numbers of a summary row (panel table, CLI table and --json), NaN written as null as in JSON. */
function rowNumbers(s: Omit<StrategySummary, 'durationS'>): unknown {
  const { requests, completed, batches, throughputRps, latencyMs, queueMs, computeMs, batchSize } = s;
  const { cpuPercent, systemCpuPercent, goodput, paddingRatio, delayHonour } = s;
  return JSON.parse(
    JSON.stringify({
      requests,
      completed,
      batches,
      throughputRps,
      latencyMs,
      queueMs,
      computeMs,
      batchSize,
      cpuPercent,
      systemCpuPercent,
      goodput,
      paddingRatio,
      delayHonour,
    }),
  );
}

/** The panel tab's title once VS Code shows it (tabs update asynchronously). */
async function panelTitleBecomes(title: string): Promise<void> {
  const titles = (): string =>
    batchscopePanelTabs()
      .map((t) => JSON.stringify(t.label))
      .join(', ');
  try {
    await eventually(() => batchscopePanelTabs().some((t) => t.label === title), 10_000, title);
  } catch {
    assert.fail(`No Batchscope panel titled "${title}" after 10 s; Batchscope tabs: [${titles()}]`);
  }
}

describe('Saved profiles: Open Profile and Compare Profiles', () => {
  let spy: WindowSpy;
  let profileA = '';
  let profileB = '';

  before(async function () {
    this.timeout(120_000);
    spy = WindowSpy.install();
    const model = copySampleModel('mlp.onnx');
    profileA = await profileToFile(model, dynamicRun(8, 1));
    profileB = await profileToFile(model, dynamicRun(4, 2));
    assert.notEqual(profileA, profileB, 'two runs must write two profiles');
  });

  after(() => spy?.dispose());

  it('Open Profile shows the numbers the CLI prints for the same file', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const shown = await vscode.commands.executeCommand<boolean>(
      COMMANDS.openProfile,
      vscode.Uri.file(profileA),
    );
    assert.equal(shown, true, 'openProfile did not show the profile');
    await panelTitleBecomes(`Batchscope: ${path.basename(profileA)}`);

    const cli = cliShowJson(profileA);
    const profile = readProfile(profileA);
    // The CLI's --json is the engine's summary of the file, read here with the engine's reader.
    const { profilePath, ...cliReport } = cli;
    assert.equal(profilePath, path.resolve(profileA));
    assert.deepEqual(cliReport, JSON.parse(JSON.stringify(summaryFromProfile(profile))));

    // The panel's summary table draws each `strategyEnd` summary of the replayed profile (the
    // events Open Profile sends the webview): they must carry the CLI's numbers, row by row.
    const panelRows = Array.from(replayProfile(profile)).flatMap((e) =>
      e.kind === 'strategyEnd' ? [rowNumbers(e.summary)] : [],
    );
    assert.equal(panelRows.length, cli.strategies.length, 'one panel row per CLI row');
    assert.ok(cli.strategies[0].completed > 0, 'the CLI shows no completed requests');
    assert.deepEqual(panelRows, cli.strategies.map(rowNumbers));
  });

  it('Compare Profiles shows two runs overlaid in the panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    spy.clear();
    const shown = await vscode.commands.executeCommand<boolean>(
      COMMANDS.compareProfiles,
      vscode.Uri.file(profileA),
      vscode.Uri.file(profileB),
    );
    assert.equal(shown, true, 'compareProfiles did not show the two profiles');
    await panelTitleBecomes(`Batchscope: ${path.basename(profileA)} vs ${path.basename(profileB)}`);
    assert.deepEqual(
      spy.messages.filter((m) => m.severity === 'error'),
      [],
      'comparing two good profiles must show no error',
    );
  });

  it('Compare Profiles with a JSON file that is not a profile says so and keeps working', async () => {
    const notAProfile = path.join(workspaceDir(), 'not-a-profile.json');
    fs.writeFileSync(notAProfile, JSON.stringify({ hello: 'world' }));
    spy.clear();
    const shown = await vscode.commands.executeCommand<boolean>(
      COMMANDS.compareProfiles,
      vscode.Uri.file(profileA),
      vscode.Uri.file(notAProfile),
    );
    assert.equal(shown, false, 'a non-profile file must not be shown');
    const errors = spy.messages.filter((m) => m.severity === 'error').map((m) => m.message);
    assert.equal(errors.length, 1, `expected one error message, got: ${JSON.stringify(spy.messages)}`);
    assert.match(errors[0], /not-a-profile\.json/, `the message must name the file: ${errors[0]}`);
    assert.match(errors[0], /not a Batchscope profile/i, `the message must say what is wrong: ${errors[0]}`);
    assert.doesNotMatch(errors[0], /\n\s+at /, 'no stack trace for users');

    // Nothing crashed: the panel still shows the comparison, and the next command works.
    await panelTitleBecomes(`Batchscope: ${path.basename(profileA)} vs ${path.basename(profileB)}`);
    const reopened = await vscode.commands.executeCommand<boolean>(
      COMMANDS.openProfile,
      vscode.Uri.file(profileB),
    );
    assert.equal(reopened, true, 'Open Profile must still work after a rejected file');
    await panelTitleBecomes(`Batchscope: ${path.basename(profileB)}`);
  });
});
