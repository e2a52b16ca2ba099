/**
 * The synthetic model's jitter on a real busy-wait worker: each batch spins for the cost the
 * seeded sampler draws (busyWaitCost.ts), in order, per instance, at the batch's size.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { batchCostSampler } from '../../../src/engine/runtime/busyWaitCost';
import { runBatchOnEach } from '../../../src/engine/runtime/calibration';
import { WorkerPool } from '../../../src/engine/runtime/workerPool';
import { deriveSeed } from '../../../src/engine/workload/rng';

describe('busy-wait worker with jitter (real worker thread)', function () {
  this.timeout(30_000);
  before(() => execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' }));

  it("spins for each batch's seeded cost: the draws of its instance's stream, in order", async () => {
    const cost = { serviceMs: 2, perRequestMs: 0.5, jitter: 0.3 };
    const seed = 11;
    const pool = await WorkerPool.start({
      instances: 1,
      maxBatch: 4,
      executor: { kind: 'busyWait', ...cost, seed },
    });
    const expected = batchCostSampler(cost, deriveSeed(seed, 0));
    const ids = Int32Array.from([0, 1, 2, 3]);
    const off: string[] = [];
    let runs = 0;
    try {
      for (let k = 0; k < 60; k++) {
        const size = 1 + (k % 4);
        const want = expected(size);
        const [got] = await runBatchOnEach(pool, [0], ids, size);
        runs++;
        // A spin never ends early; it ends late by microseconds, or by a preemption (rare: tolerated).
        assert.ok(
          got >= want - 1e-3,
          `batch ${k} (size ${size}) ran ${got} ms, shorter than its ${want} ms cost`,
        );
        if (got - want > 0.2) off.push(`batch ${k}: ${got.toFixed(3)} ms for a ${want.toFixed(3)} ms cost`);
      }
    } finally {
      await pool.close();
    }
    assert.ok(
      off.length <= runs / 10,
      `more than 1 in 10 batches missed their drawn cost:\n${off.join('\n')}`,
    );
  });
});
