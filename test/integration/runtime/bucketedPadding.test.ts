/**
 * Bucketed batching on a real variable-length model: the sample token model (input_ids [batch,
 * sequence]) with sequence lengths drawn per request from 64..256. The scheduler knows each
 * request's length only from the main thread's copy of the workers' dims draw, so padding that
 * falls by half here shows end to end that both sides agree and that the buckets group lengths.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { defaultModelOptions } from '../../../src/engine/model';
import { runProfile } from '../../../src/engine/runtime/runProfile';
import type { Profile, RunSettings, StrategyResult } from '../../../src/shared/profileTypes';

const MODEL = 'samples/sequence.onnx';

const settings: RunSettings = {
  arrival: { kind: 'poisson' },
  rateRps: 1500,
  rateDerived: false,
  durationS: 1,
  warmupS: 0.1,
  instances: 1,
  threads: 1,
  provider: 'cpu',
  sloMs: null,
  seed: 3,
  strategies: [
    { name: 'dynamic', maxBatch: 8, maxDelayMs: 4, preferredBatch: [] },
    { name: 'bucketed', maxBatch: 8, maxDelayMs: 4, bucketBounds: [], bucketCount: 4 },
    { name: 'bucketed', maxBatch: 8, maxDelayMs: 4, bucketBounds: [112, 160, 208], bucketCount: 4 },
  ],
};

/** Padding share of the run from the raw batch columns: batches' padFraction weighted by paddedSize. */
function padding(s: StrategyResult): number {
  const { padFraction, paddedSize } = s.batches;
  let weighted = 0;
  let slots = 0;
  for (let i = 0; i < paddedSize.length; i++) {
    weighted += padFraction[i] * paddedSize[i];
    slots += paddedSize[i];
  }
  return weighted / slots;
}

describe('bucketed batching on the sample sequence model (real onnxruntime)', function () {
  this.timeout(120_000);
  let profile: Profile;

  before(async () => {
    // The workers run the bundle: it must draw request dims as the sources here do.
    execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
    profile = await runProfile({
      modelPath: MODEL,
      modelOptions: { ...defaultModelOptions, dims: { sequence: { min: 64, max: 256 } } },
      settings,
      maxBatchForCalibration: 8,
    });
  });

  it('runs dynamic and bucketed batching to completion, every request exactly once', () => {
    assert.strictEqual(profile.partial, false);
    assert.deepStrictEqual(
      profile.strategies.map((s) => s.label),
      [
        'dynamic(max=8, delay=4ms)',
        'bucketed(max=8, delay=4ms, buckets=4)',
        'bucketed(max=8, delay=4ms, bounds=112/160/208)',
      ],
    );
    for (const s of profile.strategies) {
      const n = s.requests.scheduledMs.length;
      assert.ok(n > 800, `${s.label}: ${n} requests`);
      const seen = new Uint8Array(n);
      for (const id of s.batches.members) seen[id]++;
      assert.ok(
        seen.every((c) => c === 1),
        `${s.label}: a request ran twice or never`,
      );
      const sizes = Array.from(s.batches.size);
      assert.ok(
        sizes.some((k) => k > 1),
        `${s.label}: never batched`,
      );
      assert.ok(
        sizes.every((k) => k <= 8),
        `${s.label}: a batch over the max`,
      );
    }
  });

  it('pads at most half as much as dynamic batching, with learned and with explicit bounds', () => {
    const [dynamic, learned, explicit] = profile.strategies.map(padding);
    const report = `padding: dynamic ${dynamic.toFixed(3)}, learned ${learned.toFixed(3)}, explicit ${explicit.toFixed(3)}`;
    assert.ok(dynamic > 0.1, `dynamic should pad noticeably on lengths 64..256 (${report})`);
    assert.ok(learned <= dynamic / 2, report);
    assert.ok(explicit <= dynamic / 2, report);
  });
});
