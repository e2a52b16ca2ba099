/**
 * A whole run through the host's ProfileRun and the real engine child on the sample MLP:
 * events arrive throttled and complete, the profile is saved and reads back; cancel keeps a
 * partial profile, and so does a kill (the host rebuilds it from the events it received).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readProfile, writeProfileAtomic } from '../../../src/engine/profile/profileIo';
import { ProfileRun } from '../../../src/extension/run/profileRun';
import { runDefaultsFromSettings } from '../../../src/extension/run/runDefaults';
import { mergeRunConfig, planEngineRun } from '../../../src/extension/run/runRequest';
import type { LiveEvent } from '../../../src/shared/liveEvents';
import type { PanelRunConfig } from '../../../src/shared/panelProtocol';

const root = path.resolve(__dirname, '..', '..', '..');
const enginePath = path.join(root, 'dist', 'engine.js');
const modelPath = path.join(root, 'samples', 'mlp.onnx');

function newRun(overrides: Partial<PanelRunConfig>, outPath: string, deliveries: LiveEvent[][]): ProfileRun {
  const config = mergeRunConfig(runDefaultsFromSettings(() => undefined).config, overrides, undefined);
  return new ProfileRun({
    enginePath,
    request: { modelPath, ...planEngineRun(config), outPath },
    onEvents: (events) => deliveries.push(events),
    writeProfile: writeProfileAtomic,
  });
}

describe('host profile run (real engine child, samples/mlp.onnx)', function () {
  this.timeout(60000);
  let tmp: string;
  before(function () {
    assert.ok(fs.existsSync(enginePath), `${enginePath} is missing: run \`npm run build\` first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-run-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('runs none and dynamic, delivers every event in throttled batches, and saves a readable profile', async () => {
    const outPath = path.join(tmp, 'profiles', 'full.json');
    const deliveries: LiveEvent[][] = [];
    const run = newRun(
      {
        durationS: 0.5,
        warmupS: 0.1,
        rateRps: 200,
        strategies: [{ name: 'none' }, { name: 'dynamic', maxBatch: 4, maxDelayMs: 2, preferredBatch: [] }],
      },
      outPath,
      deliveries,
    );
    const outcome = await run.start();
    assert.deepStrictEqual(outcome, { kind: 'done', profilePath: outPath, partial: false });
    assert.deepStrictEqual(
      deliveries.flat(),
      run.events,
      'the panel got every event, in order, exactly once',
    );
    assert.ok(deliveries.length < run.events.length, 'events were batched, not forwarded one by one');
    const kinds = new Set(run.events.map((e) => e.kind));
    for (const k of ['model', 'calibration', 'strategyStart', 'tick', 'strategyEnd'])
      assert.ok(kinds.has(k as never), k);
    const profile = readProfile(outPath);
    assert.strictEqual(profile.partial, false);
    assert.deepStrictEqual(
      profile.strategies.map((s) => s.config.name),
      ['none', 'dynamic'],
    );
    for (const s of profile.strategies) assert.ok(s.summary.completed > 0, `${s.label} completed requests`);
    const pid = run.pid;
    assert.ok(pid === undefined || (await waitGone(pid)), 'the engine child is gone after the run');
  });

  it('cancel mid-run saves a partial profile marked partial', async () => {
    const outPath = path.join(tmp, 'profiles', 'cancelled.json');
    const deliveries: LiveEvent[][] = [];
    const run = newRun(
      { durationS: 60, warmupS: 0.1, rateRps: 200, strategies: [{ name: 'none' }] },
      outPath,
      deliveries,
    );
    run.onProgress((e) => {
      if (e.kind === 'tick' && e.batches.length > 0) run.cancel();
    });
    const outcome = await run.start();
    assert.deepStrictEqual(outcome, { kind: 'done', profilePath: outPath, partial: true });
    assert.ok(run.wasCancelled);
    const profile = readProfile(outPath);
    assert.strictEqual(profile.partial, true);
    assert.ok(profile.strategies[0].summary.completed > 0, 'what was measured is kept');
  });

  it('kill mid-run (panel closed, extension deactivated) still saves what was measured', async () => {
    const outPath = path.join(tmp, 'profiles', 'killed.json');
    const deliveries: LiveEvent[][] = [];
    const run = newRun(
      { durationS: 60, warmupS: 0.1, rateRps: 200, strategies: [{ name: 'none' }] },
      outPath,
      deliveries,
    );
    run.onProgress((e) => {
      if (e.kind === 'tick' && e.batches.length > 0) run.kill();
    });
    const outcome = await run.start();
    assert.strictEqual(outcome.kind, 'failed');
    assert.strictEqual(outcome.kind === 'failed' && outcome.profilePath, outPath);
    const profile = readProfile(outPath);
    assert.strictEqual(profile.partial, true);
    assert.ok(profile.strategies[0].summary.completed > 0, 'what was measured is kept');
    const pid = run.pid;
    assert.ok(pid === undefined || (await waitGone(pid)), 'the engine child is gone after the kill');
  });
});

/** Polls until no process has this pid (a killed child may take a moment to be reaped). */
async function waitGone(pid: number, ms = 5000): Promise<boolean> {
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const end = Date.now() + ms;
  while (alive() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return !alive();
}
