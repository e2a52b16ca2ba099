/**
 * A strategy's own warm-up and its measured time, on the real clock with a fixed-time executor
 * (no model): warm-up requests are recorded but counted nowhere, the measured intervals say which
 * are which, and until-stable stops a steady strategy at its duration but runs a drifting one on.
 */
import * as assert from 'assert';
import type { LiveEvent } from '../../../src/shared/liveEvents';
import { inIntervals } from '../../../src/shared/measurementPlan';
import { completeConfig } from '../../../src/shared/strategies/strategyConfigs';
import { runStrategy } from '../../../src/engine/runtime/strategyRun';
import { FixedTimeExecutor } from './fixedTimeExecutor';

const dynamic = completeConfig('dynamic', { maxBatch: 8, maxDelayMs: 1 });

describe('runStrategy: per-strategy warm-up', () => {
  it('records the warm-up requests but leaves them out of the summary, and says which time was measured', async () => {
    const events: LiveEvent[] = [];
    const out = await runStrategy({
      index: 0,
      label: 'dynamic',
      config: dynamic,
      executor: new FixedTimeExecutor(8, 1),
      arrival: { kind: 'constant' },
      rateRps: 1000,
      durationS: 0.3,
      warmupS: 0.2,
      seed: 1,
      sloMs: null,
      onEvent: (e) => events.push(e),
    });
    const { requests, measured, summary } = out.result;
    assert.deepStrictEqual(measured, [{ fromMs: 200, toMs: 500 }]);
    // A constant 1000 req/s over 0.5 s: 500 recorded, the first 200 of them during the warm-up.
    assert.strictEqual(requests.scheduledMs.length, 500);
    let warm = 0;
    for (let i = 0; i < requests.scheduledMs.length; i++)
      if (!inIntervals(measured, requests.scheduledMs[i])) warm++;
    assert.strictEqual(warm, 200);
    assert.strictEqual(summary.requests, 300);
    assert.strictEqual(summary.completed, 300);
    // The live view learns the plan at the start and the actual intervals at the end.
    const start = events.find((e) => e.kind === 'strategyStart');
    const end = events.find((e) => e.kind === 'strategyEnd');
    assert.deepStrictEqual(start && start.kind === 'strategyStart' && start.measured, [
      { fromMs: 200, toMs: 500 },
    ]);
    assert.deepStrictEqual(end && end.kind === 'strategyEnd' && end.measured, measured);
    // Ticks count progress over the measured time only: nothing during the warm-up's first ticks.
    const firstTick = events.find((e) => e.kind === 'tick');
    assert.ok(firstTick && firstTick.kind === 'tick' && firstTick.fraction === 0, 'warm-up is not progress');
    // Samples cover the warm-up too (the charts shade it).
    assert.ok(out.result.timeseries.tMs[0] < 200);
  });

  it('judges stability over windows of the measured time', async () => {
    const out = await runStrategy({
      index: 0,
      label: 'dynamic',
      config: dynamic,
      executor: new FixedTimeExecutor(8, 1),
      arrival: { kind: 'constant' },
      rateRps: 500,
      durationS: 0.5,
      warmupS: 0.1,
      windowS: 0.1,
      seed: 1,
      sloMs: null,
    });
    const st = out.result.summary.stability;
    assert.ok(st, 'a stability verdict');
    assert.strictEqual(st.windows.length, 5);
    assert.deepStrictEqual(
      st.windows.map((w) => [w.fromMs, w.toMs]),
      [
        [100, 200],
        [200, 300],
        [300, 400],
        [400, 500],
        [500, 600],
      ],
    );
    // Windows count completions by done time; together they hold about everything measured.
    const inWindows = st.windows.reduce((a, w) => a + w.completed, 0);
    assert.ok(
      Math.abs(inWindows - out.result.summary.completed) <= 2,
      `${inWindows} vs ${out.result.summary.completed}`,
    );
  });
});

describe('runStrategy: until stable', () => {
  it('stops a steady strategy once it has measured its duration', async () => {
    const out = await runStrategy({
      index: 0,
      label: 'none',
      config: completeConfig('none', {}),
      executor: new FixedTimeExecutor(1, 0.2),
      arrival: { kind: 'constant' },
      rateRps: 1000,
      durationS: 0.3,
      warmupS: 0.1,
      windowS: 0.1,
      // A generous tolerance: the real clock on a shared machine jitters, the point is the stop.
      stabilityTolerance: 10,
      untilStableMaxS: 2,
      seed: 1,
      sloMs: null,
    });
    const [iv] = out.result.measured!;
    assert.strictEqual(iv.fromMs, 100);
    assert.ok(iv.toMs >= 400 && iv.toMs < 1000, `measured until ${iv.toMs} ms`);
    assert.strictEqual(out.result.summary.stability?.stable, true);
  });

  it('runs a strategy whose latency keeps growing to the maximum, and reports it unstable', async () => {
    // 1000 req/s into one instance that serves 500 req/s at batch 1: the queue grows without end.
    const out = await runStrategy({
      index: 0,
      label: 'none',
      config: completeConfig('none', {}),
      executor: new FixedTimeExecutor(1, 2),
      arrival: { kind: 'constant' },
      rateRps: 1000,
      durationS: 0.2,
      warmupS: 0,
      windowS: 0.1,
      untilStableMaxS: 0.6,
      seed: 1,
      sloMs: null,
    });
    assert.deepStrictEqual(out.result.measured, [{ fromMs: 0, toMs: 600 }]);
    assert.strictEqual(out.result.summary.stability?.stable, false);
  });
});
