/**
 * A whole run through the host's ProfileRun and the real engine child on the sample MLP:
 * events arrive throttled and complete, the profile is saved and reads back; cancel keeps a
 * partial profile, and so does a kill (a fresh engine child rebuilds it from the events the host
 * received) and a real crash (the engine child killed by SIGKILL or SIGSEGV, mid-run or right
 * after spawn).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readProfile } from '../../../src/engine/profile/profileIo';
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

  it('detach mid-run (window reload) leaves the engine to save its partial profile by itself', async () => {
    const outPath = path.join(tmp, 'profiles', 'detached.json');
    const run = newRun(
      { durationS: 60, warmupS: 0.1, rateRps: 200, strategies: [{ name: 'none' }] },
      outPath,
      [],
    );
    let enginePid: number | undefined;
    run.onProgress((e) => {
      if (enginePid === undefined && e.kind === 'tick' && e.batches.length > 0) {
        enginePid = run.pid;
        run.detach();
      }
    });
    const outcome = await settleWithin(run.start(), 30000, 'the detached run');
    assert.strictEqual(outcome.kind, 'failed', 'the host stops following the run at once');
    assert.ok(enginePid !== undefined);
    // The engine, not the host, writes it: it outlives the channel by up to its grace period.
    const end = Date.now() + 10000;
    while (!fs.existsSync(outPath) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const profile = readProfile(outPath);
    assert.strictEqual(profile.partial, true);
    assert.ok(profile.strategies[0].summary.completed > 0, 'what was measured is kept');
    assert.ok(await waitGone(enginePid, 10000), 'the engine exits once it has saved');
  });

  it('SIGTERM to the engine (its host going away) stops the run and saves it as partial, not a crash', async () => {
    const outPath = path.join(tmp, 'profiles', 'sigterm.json');
    const run = newRun(
      { durationS: 60, warmupS: 0.1, rateRps: 200, strategies: [{ name: 'none' }] },
      outPath,
      [],
    );
    let signalled = false;
    run.onProgress((e) => {
      if (!signalled && e.kind === 'tick' && e.batches.length > 0) {
        signalled = true;
        process.kill(run.pid!, 'SIGTERM');
      }
    });
    const outcome = await settleWithin(run.start(), 30000, 'the run after SIGTERM');
    assert.deepStrictEqual(outcome, { kind: 'done', profilePath: outPath, partial: true });
    const profile = readProfile(outPath);
    assert.strictEqual(profile.partial, true);
    assert.ok(profile.strategies[0].summary.completed > 0, 'what was measured is kept');
  });

  // Real crashes: the engine child itself killed by a signal (a native crash is SIGSEGV, the OOM
  // killer SIGKILL), not stopped by the host. The run must end (never hang), say which signal,
  // and keep what it measured.
  for (const signal of ['SIGKILL', 'SIGSEGV'] as const) {
    it(`the engine child killed by ${signal} mid-run: failed (crashed, names the signal), partial profile saved`, async () => {
      const outPath = path.join(tmp, 'profiles', `crash-${signal}.json`);
      const deliveries: LiveEvent[][] = [];
      const run = newRun(
        { durationS: 60, warmupS: 0.1, rateRps: 200, strategies: [{ name: 'none' }] },
        outPath,
        deliveries,
      );
      let killedPid: number | undefined;
      run.onProgress((e) => {
        if (killedPid === undefined && e.kind === 'tick' && e.batches.length > 0) {
          killedPid = run.pid!;
          process.kill(killedPid, signal);
        }
      });
      const outcome = await settleWithin(run.start(), 30000, 'the run');
      assert.ok(killedPid !== undefined, 'the engine was killed while it measured');
      assert.ok(outcome.kind === 'failed', `expected a failed run, got ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.crashed, true, 'a signal is a crash, not a request error');
      assert.strictEqual(outcome.exitCode, null);
      assert.match(outcome.message, new RegExp(`killed by ${signal}`), 'the message names the signal');
      assert.match(outcome.message, /partial profile/);
      assert.strictEqual(outcome.profilePath, outPath);
      assert.deepStrictEqual(deliveries.flat(), run.events, 'every event received reached the panel');
      const profile = readProfile(outPath);
      assert.strictEqual(profile.partial, true);
      const measured = run.events.reduce(
        (n, e) => n + (e.kind === 'tick' ? e.batches.reduce((m, b) => m + b.size, 0) : 0),
        0,
      );
      assert.ok(measured > 0);
      assert.strictEqual(profile.strategies[0].summary.completed, measured, 'every measured request is kept');
      assert.ok(profile.warnings.some((w) => /stopped unexpectedly/.test(w)));
      assert.ok(await waitGone(killedPid), `engine pid ${killedPid} still alive after ${signal}`);
    });

    it(`the engine child killed by ${signal} right after spawn: failed (crashed, names the signal), nothing saved`, async () => {
      const outPath = path.join(tmp, 'profiles', `early-${signal}.json`);
      const run = newRun({ durationS: 5, warmupS: 0.1, strategies: [{ name: 'none' }] }, outPath, []);
      const started = run.start();
      const pid = run.pid;
      assert.ok(pid !== undefined, 'start() forks the engine at once');
      process.kill(pid, signal);
      const outcome = await settleWithin(started, 10000, 'the run');
      assert.ok(outcome.kind === 'failed', `expected a failed run, got ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.crashed, true);
      assert.match(outcome.message, new RegExp(`killed by ${signal}`));
      assert.strictEqual(outcome.profilePath, undefined, 'nothing was measured: no profile');
      assert.ok(!fs.existsSync(outPath));
      assert.ok(await waitGone(pid), `engine pid ${pid} still alive after ${signal}`);
    });
  }
});

/** Rejects (never hangs) when `promise` has not settled within `ms`. */
async function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms: a hang`)), ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

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
