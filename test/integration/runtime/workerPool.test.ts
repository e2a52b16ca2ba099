import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { runStrategy } from '../../../src/engine/runtime/strategyRun';
import { WorkerPool } from '../../../src/engine/runtime/workerPool';

describe('WorkerPool (busy-wait executor, real worker threads)', function () {
  this.timeout(30_000);
  before(() => execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' }));

  it('runs batches on several instances and stamps compute times on the shared clock', async () => {
    // 4 requests every 2 ms against 3 ms batches: one instance cannot keep up, so both serve.
    const pool = await WorkerPool.start({
      instances: 2,
      maxBatch: 4,
      executor: { kind: 'busyWait', serviceMs: 3 },
    });
    try {
      const out = await runStrategy({
        index: 0,
        label: 'static(4)',
        config: { name: 'static', batchSize: 4 },
        executor: pool,
        arrival: { kind: 'constant' },
        rateRps: 2000,
        durationS: 0.25,
        seed: 1,
        sloMs: null,
      });
      assert.strictEqual(out.error, null);
      const { requests: r, batches: b } = out.result;
      assert.strictEqual(r.scheduledMs.length, 500);
      for (let i = 0; i < b.size.length; i++) {
        assert.ok(b.computeStartMs[i] >= b.dispatchMs[i], `batch ${i} started before it was dispatched`);
        assert.ok(
          b.computeEndMs[i] - b.computeStartMs[i] >= 3,
          `batch ${i} ran shorter than the 3 ms service time`,
        );
        assert.ok(b.size[i] === 4 || b.flushed[i] === 1, `batch ${i} is partial without being a flush`);
      }
      assert.ok(new Set(b.instance).size === 2, 'both instances should have served batches');
    } finally {
      await pool.close();
    }
  });

  it('stops the run with an error naming the instance when a worker dies, keeping what was measured', async () => {
    const pool = await WorkerPool.start({
      instances: 1,
      maxBatch: 1,
      executor: { kind: 'busyWait', serviceMs: 0.2, dieAfterBatches: 20 },
    });
    try {
      const out = await runStrategy({
        index: 0,
        label: 'none',
        config: { name: 'none' },
        executor: pool,
        arrival: { kind: 'constant' },
        rateRps: 200,
        durationS: 1,
        seed: 1,
        sloMs: null,
      });
      assert.ok(out.error, 'the run should report the dead worker');
      assert.match(out.error.message, /Model instance 0 stopped unexpectedly \(worker exit code 7\)/);
      assert.strictEqual(out.result.partial, true);
      assert.strictEqual(out.result.summary.completed, 20, 'the 20 batches served before the crash are kept');
    } finally {
      await pool.close();
    }
  });

  it("a batch that throws stops the run with the model's own reason, every time", async () => {
    // The reason must be in the error however soon the scheduler stops after seeing the failed
    // batch: it used to travel as a separate message that could arrive after the run had ended.
    for (let attempt = 0; attempt < 10; attempt++) {
      const pool = await WorkerPool.start({
        instances: 2,
        maxBatch: 2,
        executor: { kind: 'busyWait', serviceMs: 0.05, throwAfterBatches: 3 },
      });
      try {
        const out = await runStrategy({
          index: 0,
          label: 'static(2)',
          config: { name: 'static', batchSize: 2 },
          executor: pool,
          arrival: { kind: 'constant' },
          rateRps: 4000,
          durationS: 1,
          seed: attempt,
          sloMs: null,
        });
        assert.ok(out.error, `attempt ${attempt}: the run should report the failed batch`);
        assert.match(
          out.error.message,
          /^Model instance [01] failed while running a batch: busy-wait test failure in batch 4 \(as ORT throws on a bad input\)$/,
          `attempt ${attempt}: ${out.error.message}`,
        );
        assert.strictEqual(out.result.partial, true);
      } finally {
        await pool.close();
      }
    }
  });

  it('fails the start, naming the instance, when a worker that was already ready dies before the others are', async () => {
    // Instance 0 reports ready, then exits 100 ms later; instance 1 reports ready only after 200 ms.
    const start = WorkerPool.start({
      instances: 2,
      maxBatch: 1,
      executor: { kind: 'busyWait', serviceMs: 0.2, dieAfterReadyMs: 100 },
    });
    const outcome = await start.then(
      async (pool) => {
        await pool.close(); // a pool that started anyway must not keep the test process alive
        return null;
      },
      (err: Error) => err,
    );
    assert.ok(outcome, 'the pool started although instance 0 had died during start-up');
    assert.match(outcome.message, /Model instance 0 exited during start-up \(code 9\)/);
  });

  it("reports a start-up failure with the instance and the model's error", async () => {
    await assert.rejects(
      WorkerPool.start({
        instances: 1,
        maxBatch: 1,
        executor: {
          kind: 'inference',
          spec: {
            modelPath: 'no/such/model.onnx',
            modelOptions: { dims: {}, fixedInputs: {}, batchAxes: {}, provider: 'cpu', threads: 1 },
            summary: {
              path: 'no/such/model.onnx',
              fileName: 'model.onnx',
              sha256: '',
              bytes: 0,
              inputs: [],
              outputs: [],
              dims: [],
              fixedInputs: {},
              batchable: true,
              maxBatchSupported: null,
            },
            inputSeed: 1,
            inputPoolSize: 1,
          },
        },
      }),
      /Model instance 0 could not start: .*no\/such\/model\.onnx/,
    );
  });
});
