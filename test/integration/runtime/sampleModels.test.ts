/**
 * The runtime on every sample model with real onnxruntime: batch axis 1 (recurrent state),
 * padded sequence lengths, NCHW images, and the fixed-batch model (which only `none` may run).
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { defaultModelOptions } from '../../../src/engine/model';
import { runProfile } from '../../../src/engine/runtime/runProfile';
import type { StrategyConfig } from '../../../src/shared/profileTypes';

const BATCHING: StrategyConfig[] = [
  { name: 'none' },
  { name: 'static', batchSize: 4 },
  { name: 'dynamic', maxBatch: 4, maxDelayMs: 1, preferredBatch: [] },
];

async function profile(model: string, strategies: StrategyConfig[]) {
  return runProfile({
    modelPath: `samples/${model}`,
    // Sequence lengths drawn per request, so batches must pad to their longest member.
    modelOptions:
      model === 'sequence.onnx'
        ? { ...defaultModelOptions, dims: { sequence: { min: 4, max: 16 } } }
        : defaultModelOptions,
    maxBatchForCalibration: 4,
    settings: {
      arrival: { kind: 'poisson' },
      rateRps: 300,
      rateDerived: false,
      durationS: 0.3,
      warmupS: 0.05,
      instances: 1,
      threads: 1,
      provider: 'cpu',
      sloMs: null,
      seed: 3,
      strategies,
    },
  });
}

describe('runtime on every sample model (real onnxruntime)', function () {
  this.timeout(120_000);
  before(() => execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' }));

  // mlp.onnx is covered in depth by runProfile.test.ts.
  for (const model of ['convnet.onnx', 'sequence.onnx', 'recurrent_state.onnx']) {
    it(`${model}: every request of every strategy completes`, async () => {
      const p = await profile(model, BATCHING);
      assert.deepStrictEqual(
        p.calibration.map((c) => c.batchSize),
        [1, 2, 4],
      );
      for (const s of p.strategies) {
        assert.ok(s.summary.requests > 30, `${s.label}: too few requests (${s.summary.requests})`);
        assert.strictEqual(
          s.summary.completed,
          s.summary.requests,
          `${s.label}: not every request completed`,
        );
        assert.ok(Math.max(...s.batches.size) <= 4);
      }
      assert.ok(p.calibrationDetail, 'the profile must say how calibration was measured');
      if (model === 'sequence.onnx') {
        // Calibrated at one stated length, with a batch size × length grid for the simulator.
        assert.strictEqual(Object.keys(p.calibrationDetail.length?.dims ?? {}).join(), 'sequence');
        const lengths = new Set(p.calibrationDetail.grid.map((c) => c.sizeKey));
        assert.ok(lengths.size >= 3, `grid lengths: ${[...lengths].join(', ')}`);
        assert.strictEqual(
          p.calibrationDetail.grid.length,
          lengths.size * 3,
          'every length at batch 1, 2 and 4',
        );
        const padded = p.strategies.flatMap((s) => Array.from(s.batches.padFraction)).some((f) => f > 0);
        assert.ok(padded, 'batches of requests with different sequence lengths must record padding');
      }
    });
  }

  it('fixed_batch.onnx: runs under none', async () => {
    const p = await profile('fixed_batch.onnx', [{ name: 'none' }]);
    assert.deepStrictEqual(
      p.calibration.map((c) => c.batchSize),
      [1],
    );
    assert.strictEqual(p.strategies[0].summary.completed, p.strategies[0].summary.requests);
  });
});
