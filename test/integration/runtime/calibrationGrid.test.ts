/**
 * Calibration for the simulator on the real model (samples/sequence.onnx, a symbolic sequence
 * dim, onnxruntime-node in workers): the per-size points at one stated length, the batch size ×
 * length grid, the samples kept, and two instances computing at once. Only what must hold on any
 * machine is asserted; the one timing claim (a 16× longer sequence costs more) has a wide margin.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { defaultModelOptions, drawRequestDims, inspectModel } from '../../../src/engine/model';
import { calibrate, repeatedIds, warmUp } from '../../../src/engine/runtime/calibration';
import type { Executor } from '../../../src/engine/runtime/executor';
import { calibrateModel } from '../../../src/engine/runtime/modelCalibration';
import { WorkerPool } from '../../../src/engine/runtime/workerPool';
import type { CalibrationDetail, CalibrationPoint, ModelSummary } from '../../../src/shared/profileTypes';

const MODEL = path.resolve(__dirname, '..', '..', '..', 'samples', 'sequence.onnx');
const SEED = 7;
const POOL = 16;
const SIZES = [1, 2, 4];

/** The executor, recording the request ids of every batch and the calibration stage it came in. */
function recording(
  executor: Executor,
  batches: Array<{ stage: string; ids: number[] }>,
  stage: () => string,
): Executor {
  return new Proxy(executor, {
    get(target, key) {
      if (key === 'submit')
        return (instance: number, ids: Int32Array, count: number, padded: number) => {
          batches.push({ stage: stage(), ids: Array.from(ids.subarray(0, count)) });
          target.submit(instance, ids, count, padded);
        };
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('calibration for the simulator on the sample sequence model', function () {
  this.timeout(60_000);
  let pool: WorkerPool;
  let summary: ModelSummary;
  let points: CalibrationPoint[];
  let detail: CalibrationDetail;
  const batches: Array<{ stage: string; ids: number[] }> = [];

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
    const modelOptions = { ...defaultModelOptions, threads: 1, dims: { sequence: { min: 8, max: 8192 } } };
    summary = await inspectModel(MODEL, modelOptions);
    pool = await WorkerPool.start({
      instances: 2,
      maxBatch: 4,
      executor: {
        kind: 'inference',
        spec: { modelPath: MODEL, modelOptions, summary, inputSeed: SEED, inputPoolSize: POOL },
      },
    });
    await warmUp(pool, SIZES, 100);
    let stage = '';
    const calibrated = await calibrateModel(
      recording(pool, batches, () => stage),
      summary,
      { sizes: SIZES, inputSeed: SEED, inputPoolSize: POOL, onStage: (message) => (stage = message) },
    );
    points = calibrated.points;
    detail = calibrated.detail;
  });
  after(() => pool?.close());

  it('times every batch size with all its requests at one stated length, the pool’s median', () => {
    const table = drawRequestDims(summary, SEED, POOL);
    const keys = table.map((d) => d.sequence).sort((a, b) => a - b);
    assert.ok(detail.length, 'a variable-length model must state the length it was calibrated at');
    assert.deepStrictEqual(detail.length.dims, { sequence: keys[Math.round((POOL - 1) / 2)] });
    assert.strictEqual(detail.length.sizeKey, detail.length.dims.sequence);
    const perSize = batches.filter((b) => b.stage.startsWith('Calibrating latency per batch size'));
    assert.ok(perSize.length >= SIZES.length * 7, `${perSize.length} per-size batches`);
    for (const b of perSize) {
      assert.ok(
        b.ids.every((id) => table[id].sequence === detail.length!.dims.sequence),
        `a per-size batch mixed lengths: ids ${b.ids.join(',')} have sequence ${b.ids.map((id) => table[id].sequence).join(',')}`,
      );
    }
    assert.match(perSize[0].stage, new RegExp(`at sequence=${detail.length.dims.sequence}$`));
  });

  it('measures a grid of batch size × length across the pool, latency growing with length', () => {
    const lengths = [...new Set(detail.grid.map((c) => c.sizeKey))];
    assert.strictEqual(lengths.length, 5, `grid lengths ${lengths.join(', ')}: expected min, quartiles, max`);
    assert.deepStrictEqual(
      lengths,
      [...lengths].sort((a, b) => a - b),
      'lengths ascending',
    );
    const keys = drawRequestDims(summary, SEED, POOL).map((d) => d.sequence);
    assert.strictEqual(lengths[0], Math.min(...keys));
    assert.strictEqual(lengths[4], Math.max(...keys));
    for (const key of lengths)
      assert.deepStrictEqual(
        detail.grid.filter((c) => c.sizeKey === key).map((c) => c.batchSize),
        SIZES,
        `sizes at length ${key}`,
      );
    for (const c of detail.grid) {
      assert.deepStrictEqual(c.dims, { sequence: c.sizeKey });
      assert.ok(c.samples >= 3 && c.samplesMs.length >= 1 && c.samplesMs.length <= 20, JSON.stringify(c));
      assert.ok(c.p90Ms >= c.latencyMs && c.latencyMs > 0, JSON.stringify(c));
    }
    // The median row is the per-size points themselves.
    const median = detail.grid.filter((c) => c.sizeKey === detail.length!.sizeKey);
    assert.deepStrictEqual(
      median.map((c) => c.latencyMs),
      points.map((p) => p.latencyMs),
    );
    const at = (key: number) => detail.grid.find((c) => c.sizeKey === key && c.batchSize === 4)!.latencyMs;
    assert.ok(
      at(lengths[4]) > 2 * at(lengths[0]),
      `batch 4 at sequence ${lengths[4]} took ${at(lengths[4])} ms, at ${lengths[0]} ${at(lengths[0])} ms`,
    );
    assert.ok(detail.timeMs.grid > 0);
  });

  it('keeps the per-size samples, ascending, beside their median and p90', () => {
    for (const p of points) {
      const s = p.samplesMs!;
      assert.ok(
        s && s.length === Math.min(p.samples, 200),
        `batch ${p.batchSize}: ${s?.length} of ${p.samples} kept`,
      );
      for (let i = 1; i < s.length; i++)
        assert.ok(s[i] >= s[i - 1], `batch ${p.batchSize}: not ascending at ${i}`);
      assert.ok(s[0] <= p.latencyMs && p.latencyMs <= p.p90Ms && p.p90Ms <= s[s.length - 1]);
    }
  });

  it('thins more than 200 runs to 200 samples that span them', async () => {
    const table = drawRequestDims(summary, SEED, POOL);
    const [thinned] = await calibrate(pool, [1], {
      minRuns: 300,
      maxRuns: 300,
      budgetMsPerSize: 0,
      // The shortest request: 300 runs stay quick.
      ids: repeatedIds(table.reduce((best, d, i) => (d.sequence < table[best].sequence ? i : best), 0)),
    });
    assert.strictEqual(thinned.samples, 300);
    assert.strictEqual(thinned.samplesMs?.length, 200);
    const s = thinned.samplesMs!;
    for (let i = 1; i < s.length; i++) assert.ok(s[i] >= s[i - 1], `not ascending at ${i}`);
    // Thinned across all ranks, not the first 200 kept: the largest kept is at least the p90.
    assert.ok(
      s[0] <= thinned.latencyMs && thinned.p90Ms <= s[199],
      `kept ${s[0]}..${s[199]}, p90 ${thinned.p90Ms}`,
    );
  });

  it('measures two instances computing at once against one alone, at batch 1 and the largest', () => {
    assert.deepStrictEqual(
      detail.concurrency.map((c) => [c.instances, c.batchSize]),
      [
        [1, 1],
        [2, 1],
        [1, 4],
        [2, 4],
      ],
    );
    for (const c of detail.concurrency) {
      assert.ok(c.latencyMs > 0 && c.p90Ms >= c.latencyMs && c.factor > 0, JSON.stringify(c));
      assert.ok(c.samples >= 5 * c.instances, `${c.samples} batches on ${c.instances} instance(s)`);
      if (c.instances === 1) assert.strictEqual(c.factor, 1);
    }
    const concurrent = batches.filter((b) => b.stage.includes('instances computing at once'));
    assert.ok(
      concurrent.every((b) => b.ids.every((id) => id === concurrent[0].ids[0])),
      'concurrency must run at the stated length too',
    );
  });
});
