/**
 * Adaptive waits (spinPolicy.ts) on real worker threads: with the mode forced, the pool serves
 * light and back-to-back traffic completely, never dispatches a timed batch early, and the workers
 * publish a wake-up latency the scheduler can pre-wake them by. Behaviour only: how fast is the
 * benchmark's business (these machines are shared).
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { runStrategy } from '../../../src/engine/runtime/strategyRun';
import { WorkerPool } from '../../../src/engine/runtime/workerPool';
import type { StrategyConfig } from '../../../src/shared/profileTypes';

async function withPool<T>(
  waitMode: 'precise' | 'adaptive',
  maxBatch: number,
  fn: (pool: WorkerPool) => Promise<T>,
): Promise<T> {
  const pool = await WorkerPool.start({
    instances: 1,
    maxBatch,
    executor: { kind: 'busyWait', serviceMs: 0.2 },
    waitMode,
  });
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

function run(pool: WorkerPool, config: StrategyConfig, rateRps: number | null, durationS: number) {
  return runStrategy({
    index: 0,
    label: config.name,
    config,
    executor: pool,
    arrival: rateRps === null ? { kind: 'closed', concurrency: 8 } : { kind: 'poisson' },
    rateRps,
    durationS,
    seed: 5,
    sloMs: null,
  });
}

describe('adaptive waits on real worker threads', function () {
  this.timeout(30_000);
  before(() => execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' }));

  it('serves every request of light and back-to-back traffic, in order of the hand-offs', async () => {
    for (const mode of ['adaptive', 'precise'] as const) {
      await withPool(mode, 4, async (pool) => {
        assert.strictEqual(pool.coreBudget.mode, mode);
        const light = await run(pool, { name: 'none' }, 200, 0.5);
        const busy = await run(pool, { name: 'static', batchSize: 4 }, null, 0.3);
        for (const out of [light, busy]) {
          assert.strictEqual(out.error, null);
          const { requests: r, batches: b, summary } = out.result;
          assert.strictEqual(summary.completed, summary.requests, `${mode}: requests left unserved`);
          for (let i = 0; i < b.size.length; i++) {
            assert.ok(b.computeStartMs[i] >= b.dispatchMs[i], `${mode}: batch ${i} started before dispatch`);
            const first = b.members[b.firstMember[i]];
            assert.ok(r.doneMs[first] >= b.computeEndMs[i], `${mode}: batch ${i} done before it ended`);
          }
        }
      });
    }
  });

  it('never dispatches a batch timed by the max queue delay before that delay', async () => {
    await withPool('adaptive', 8, async (pool) => {
      const out = await run(
        pool,
        { name: 'dynamic', maxBatch: 8, maxDelayMs: 1, preferredBatch: [] },
        300,
        0.6,
      );
      assert.strictEqual(out.error, null);
      const dh = out.result.summary.delayHonour;
      assert.ok(dh && dh.samples > 0, 'no dispatch was timed by the delay');
      const early = out.delayErrorsMs.filter((e) => e < 0);
      assert.deepStrictEqual(early, [], 'dispatched before the max queue delay had passed');
    });
  });

  it('workers publish a bounded wake-up latency for the pre-wake lead', async () => {
    await withPool('adaptive', 1, async (pool) => {
      await run(pool, { name: 'none' }, 100, 0.4);
      const lead = pool.prewakeLeadMs();
      assert.ok(lead >= 0.01 && lead <= 0.5, `pre-wake lead ${lead} ms outside [0.01, 0.5]`);
    });
  });
});
