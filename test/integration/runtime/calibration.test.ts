/**
 * Calibration on the real model (samples/mlp.onnx, onnxruntime-node in a worker): the light-load
 * point (batch 1 after an idle gap at the run's pace) is measured beside the back-to-back one.
 * Only what must hold on any machine is asserted, never how fast anything was.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { defaultModelOptions, inspectModel } from '../../../src/engine/model';
import { calibrate, warmUp } from '../../../src/engine/runtime/calibration';
import { WorkerPool } from '../../../src/engine/runtime/workerPool';

const MODEL = path.resolve(__dirname, '..', '..', '..', 'samples', 'mlp.onnx');

describe('calibration on the sample MLP', function () {
  this.timeout(60_000);
  let pool: WorkerPool;

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
    const summary = await inspectModel(MODEL, defaultModelOptions);
    pool = await WorkerPool.start({
      instances: 1,
      maxBatch: 2,
      executor: {
        kind: 'inference',
        spec: {
          modelPath: MODEL,
          modelOptions: defaultModelOptions,
          summary,
          inputSeed: 1,
          inputPoolSize: 8,
        },
      },
    });
    await warmUp(pool, [1, 2], 100);
  });
  after(() => pool?.close());

  it("times batch 1 at the run's pace beside back to back, and only batch 1", async () => {
    const points = await calibrate(pool, [1, 2], {
      budgetMsPerSize: 30,
      pace: { arrival: { kind: 'poisson' }, rateRps: 100, instances: 1 },
    });
    assert.deepStrictEqual(
      points.map((p) => p.batchSize),
      [1, 2],
    );
    const light = points[0].lightLoad;
    assert.ok(light, 'batch 1 has no light-load point');
    assert.ok(light.samples >= 7, `${light.samples} runs`);
    // A timer never fires early by more than its ~1 ms granularity: the idle gap was really ~10 ms.
    assert.ok(light.gapMs >= 9, `mean idle gap ${light.gapMs} ms, asked for 10`);
    assert.ok(light.latencyMs > 0 && light.p90Ms >= light.latencyMs, JSON.stringify(light));
    assert.ok(light.wakeUpMs >= 0, `wake-up ${light.wakeUpMs} ms`);
    assert.strictEqual(points[1].lightLoad, undefined, 'batch 2 must not carry a light-load point');
  });

  it('measures no light-load point without a pace, or with a closed loop', async () => {
    const plain = await calibrate(pool, [1], { budgetMsPerSize: 10 });
    assert.strictEqual(plain[0].lightLoad, undefined);
    const closed = await calibrate(pool, [1], {
      budgetMsPerSize: 10,
      pace: { arrival: { kind: 'closed', concurrency: 2 }, rateRps: null, instances: 1 },
    });
    assert.strictEqual(closed[0].lightLoad, undefined);
  });

  it('stops the light-load runs when aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    const points = await calibrate(pool, [1], {
      signal: abort.signal,
      pace: { arrival: { kind: 'poisson' }, rateRps: 20, instances: 1 },
    });
    assert.deepStrictEqual(points, [], 'an aborted calibration measures nothing');
  });
});
