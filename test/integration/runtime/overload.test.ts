import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { assessOverload } from '../../../src/engine/metrics/overload';
import { overloadWarning } from '../../../src/engine/runtime/overloadWarning';
import { drainLimitMs, runStrategy, type StrategyRunOutcome } from '../../../src/engine/runtime/strategyRun';
import { WorkerPool } from '../../../src/engine/runtime/workerPool';

/** 5 ms per batch of 1: one instance serves about 200 requests/s. */
const SERVICE_MS = 5;
const CAPACITY_RPS = 1000 / SERVICE_MS;

describe('Overload: bounded drain and the overload warning (busy-wait executor, real worker threads)', function () {
  this.timeout(60_000);
  let pool: WorkerPool;
  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
    pool = await WorkerPool.start({
      instances: 1,
      maxBatch: 1,
      executor: { kind: 'busyWait', serviceMs: SERVICE_MS },
    });
  });
  after(async () => pool?.close());

  function run(rateRps: number, durationS: number): Promise<StrategyRunOutcome> {
    return runStrategy({
      index: 0,
      label: 'none',
      config: { name: 'none' },
      executor: pool,
      arrival: { kind: 'constant' },
      rateRps,
      durationS,
      seed: 1,
      sloMs: 1000,
    });
  }

  /** Invariants every result must satisfy, overloaded or not. */
  function assertConsistent(out: StrategyRunOutcome): { neverRun: number } {
    const { requests: r, batches: b, summary: m } = out.result;
    let neverRun = 0;
    for (let i = 0; i < r.scheduledMs.length; i++) {
      if (r.batch[i] < 0) {
        neverRun++;
        assert.ok(Number.isNaN(r.doneMs[i]), `request ${i} never ran but has a done time`);
      } else {
        assert.ok(
          Number.isFinite(r.doneMs[i]),
          `request ${i} ran in batch ${r.batch[i]} but has no done time`,
        );
      }
    }
    const served = b.size.reduce((s, v) => s + v, 0);
    assert.strictEqual(m.requests, r.scheduledMs.length);
    assert.strictEqual(m.completed, served, 'completed = requests in recorded batches');
    assert.strictEqual(m.completed + neverRun, m.requests, 'every request either completed or never ran');
    assert.strictEqual(m.batches, b.size.length);
    return { neverRun };
  }

  it('cuts the drain of a strategy offered 10x its capacity, records the queue as never run, and warns', async () => {
    const durationS = 1;
    const started = Date.now();
    const out = await run(10 * CAPACITY_RPS, durationS);
    const elapsedMs = Date.now() - started;
    assert.strictEqual(out.error, null);
    assert.strictEqual(out.result.partial, false, 'a cut drain is not an abort');
    // Unbounded, the ~1,800-request backlog would take ~9 s to drain; the cut ends it after 2 s.
    // Generous slack for a busy machine: only a drain that is not cut at all (or a hang) exceeds it.
    assert.ok(
      elapsedMs < durationS * 1000 + drainLimitMs(durationS) + 3000,
      `runStrategy took ${elapsedMs} ms for a ${durationS} s window`,
    );
    // On the run's own clock: nothing completed after the drain limit but the batch already running.
    const lastDone = Math.max(...out.result.requests.doneMs.filter((d) => Number.isFinite(d)));
    assert.ok(
      lastDone < durationS * 1000 + drainLimitMs(durationS) + 500,
      `last completion at ${lastDone} ms, past the drain limit`,
    );
    const { neverRun } = assertConsistent(out);
    const m = out.result.summary;
    assert.ok(m.completed < m.requests, `completed ${m.completed} of ${m.requests}`);
    assert.ok(neverRun > 0);
    // A request that never ran did not meet the SLO.
    assert.ok(m.goodput !== null && m.goodput <= m.completed / m.requests);
    const a = assessOverload(out.result.requests, out.result.batches, {
      spans: [{ fromMs: 0, toMs: durationS * 1000 }],
      partial: false,
      closedLoop: false,
    });
    assert.strictEqual(a.overloaded, true);
    assert.strictEqual(a.neverRun, neverRun);
    const warning = overloadWarning(out.result, { durationS, arrival: { kind: 'constant' } });
    assert.ok(warning, 'an overloaded strategy gets a warning');
    assert.match(warning, /^none: overloaded — offered [\d,]+ req\/s but served [\d,]+ req\/s/);
    assert.ok(
      warning.includes(
        // No strategy warm-up here: the run's requests are the measured ones.
        `${neverRun.toLocaleString('en-US')} of its ${m.requests.toLocaleString('en-US')} requests (`,
      ),
    );
    assert.match(warning, /never ran/);
    assert.match(warning, /understate/);
  });

  it('warns when the queue grew during the window even though the drain finished in time', async () => {
    // 1.5x capacity for 0.6 s: ~60 requests left queued, drained in ~0.3 s, well inside the limit.
    const durationS = 0.6;
    const out = await run(1.5 * CAPACITY_RPS, durationS);
    assert.strictEqual(out.error, null);
    const { neverRun } = assertConsistent(out);
    assert.strictEqual(neverRun, 0, 'the backlog drained within the limit');
    const a = assessOverload(out.result.requests, out.result.batches, {
      spans: [{ fromMs: 0, toMs: durationS * 1000 }],
      partial: false,
      closedLoop: false,
    });
    assert.strictEqual(
      a.overloaded,
      true,
      `served ${a.servedInWindowRps} of ${a.offeredRps} req/s, backlog ${a.backlogAtEnd}`,
    );
    const warning = overloadWarning(out.result, { durationS, arrival: { kind: 'constant' } });
    assert.ok(warning);
    assert.match(warning, /^none: overloaded — .*the queue grew during the run/);
  });

  it('gives no overload warning to a strategy that keeps up', async () => {
    const durationS = 0.5;
    const out = await run(0.3 * CAPACITY_RPS, durationS);
    assert.strictEqual(out.error, null);
    const { neverRun } = assertConsistent(out);
    assert.strictEqual(neverRun, 0);
    assert.strictEqual(out.result.summary.completed, out.result.summary.requests);
    assert.strictEqual(
      assessOverload(out.result.requests, out.result.batches, {
        spans: [{ fromMs: 0, toMs: durationS * 1000 }],
        partial: false,
        closedLoop: false,
      }).overloaded,
      false,
    );
    assert.strictEqual(overloadWarning(out.result, { durationS, arrival: { kind: 'constant' } }), null);
  });
});
