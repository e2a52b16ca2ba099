/**
 * Stop Profiling inside a real extension host: a long run stopped once it is measuring ends at
 * once with a partial profile of what was measured, saved and readable by the engine.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, type ProfileBatchingResult } from '../../../src/extension/commandApi';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { copySampleModel, eventually, workspaceDir } from '../support/fixtures';
import { profileBatching } from '../support/runs';
import { WindowSpy } from '../support/windowSpy';

const RATE_RPS = 200;
const DURATION_S = 20;
/** Stop once the progress notification says the first strategy is this far into its window. */
const STOP_AT_PERCENT = 5;

describe('Stop Profiling', () => {
  let spy: WindowSpy;

  before(() => {
    spy = WindowSpy.install();
  });

  after(() => spy?.dispose());

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vscode.commands.executeCommand(COMMANDS.stopProfiling);
  });

  it('says there is nothing to stop when no run is in progress', async () => {
    spy.clear();
    const stopped = await vscode.commands.executeCommand<boolean>(COMMANDS.stopProfiling);
    assert.equal(stopped, false);
    assert.ok(
      spy.messages.some((m) => /no profiling run is in progress/i.test(m.message)),
      `expected a "no run in progress" message, got: ${JSON.stringify(spy.messages)}`,
    );
  });

  it('stops a long run early and saves what it measured as a partial profile', async function () {
    // The full run would take over a minute (3 strategies x 20 s); a stopped one takes seconds.
    this.timeout(45_000);
    const model = copySampleModel('mlp.onnx');
    spy.clear();
    const running = profileBatching(model, {
      durationS: DURATION_S,
      warmupS: 0.2,
      rateRps: RATE_RPS,
      strategies: [
        { name: 'none' },
        { name: 'static', batchSize: 4 },
        { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] },
      ],
    });
    // Under way = the progress notification reports the first strategy's measured window
    // ("<label> N%"), so the stop lands while requests are being measured.
    const measuring = (): boolean =>
      spy.progressMessages.some((m) => Number(/ (\d+)%$/.exec(m)?.[1] ?? -1) >= STOP_AT_PERCENT);
    let ended: ProfileBatchingResult | undefined;
    running.then(
      (r) => (ended = r),
      () => undefined, // awaited below, where a rejection fails the test
    );
    await eventually(
      () => {
        if (ended) assert.fail(`the run ended before it was stopped: ${JSON.stringify(ended)}`);
        return measuring();
      },
      30_000,
      `a progress report of ${STOP_AT_PERCENT}% or more`,
    );

    const stopped = await vscode.commands.executeCommand<boolean>(COMMANDS.stopProfiling);
    assert.equal(stopped, true, 'stopProfiling must report that it stopped a run');
    const result = await running;
    assert.equal(result.error, undefined, `a stopped run is not an error: ${result.error}`);
    assert.equal(result.partial, true, 'a stopped run must resolve with partial: true');
    assert.ok(result.profilePath, 'a stopped run that measured something must save a profile');
    assert.ok(
      result.profilePath.startsWith(workspaceDir()),
      `the partial profile ${result.profilePath} should be saved inside the workspace`,
    );

    const profile = readProfile(result.profilePath);
    assert.equal(profile.partial, true, 'the saved profile must be marked partial');
    assert.deepEqual(
      profile.strategies.map((s) => s.config.name),
      ['none'],
      'only the strategy that was running when stopped may be in the profile',
    );
    const [none] = profile.strategies;
    assert.equal(none.partial, true, 'the stopped strategy must be marked partial');
    assert.ok(none.summary.completed > 0, 'the partial profile must hold measured requests');
    // Cut short: far fewer arrivals than the full window would have scheduled.
    assert.ok(
      none.summary.requests < (RATE_RPS * DURATION_S) / 2,
      `${none.summary.requests} requests: the run was not cut short`,
    );
    assert.ok(
      spy.messages.some((m) => m.severity === 'information' && /partial profile saved/i.test(m.message)),
      `the user must be told a partial profile was saved, got: ${JSON.stringify(spy.messages)}`,
    );

    // The extension is idle again: nothing left to stop.
    assert.equal(await vscode.commands.executeCommand<boolean>(COMMANDS.stopProfiling), false);
  });
});
