import * as assert from 'assert';
import { strategyTimingWarnings } from '../../../src/engine/runtime/timingWarnings';
import type { StrategyResult, StrategySummary } from '../../../src/shared/profileTypes';

/** A strategy whose records are on time; only the summary fields under test vary. */
function strategy(summary: Partial<StrategySummary>): StrategyResult {
  const n = 10;
  const scheduled = Float64Array.from({ length: n }, (_, i) => i);
  return {
    label: 'dynamic(max=8, delay=2ms)',
    config: { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] },
    summary: { cpuPercent: 0, systemCpuPercent: 0, delayHonour: null, ...summary } as StrategySummary,
    requests: { scheduledMs: scheduled, enqueueMs: scheduled, doneMs: scheduled, batch: new Int32Array(n) },
    batches: {} as StrategyResult['batches'],
    timeseries: {} as StrategyResult['timeseries'],
    partial: false,
  };
}

describe('timing warnings', () => {
  it('blames other processes for a busy CPU, not the engine filling a small machine itself', () => {
    // 2 cores at 98%: the engine used 194% of one core, others ~2% — nothing competed.
    assert.deepStrictEqual(
      strategyTimingWarnings(strategy({ systemCpuPercent: 98, cpuPercent: 194 }), 2),
      [],
    );
    // Same system load, but the engine used only one core: others took the other one.
    const w = strategyTimingWarnings(strategy({ systemCpuPercent: 98, cpuPercent: 100 }), 2);
    assert.strictEqual(w.length, 1, `expected one CPU warning, got ${JSON.stringify(w)}`);
    assert.match(w[0], /other processes/);
  });

  it('draws no max-delay warning from a handful of timed dispatches', () => {
    const few = { p50ErrorMs: 0, p99ErrorMs: 4, maxErrorMs: 4, samples: 1 };
    assert.deepStrictEqual(strategyTimingWarnings(strategy({ delayHonour: few }), 8), []);
    const many = { ...few, samples: 500 };
    const w = strategyTimingWarnings(strategy({ delayHonour: many }), 8);
    assert.strictEqual(w.length, 1);
    assert.match(w[0], /max queue delay was honoured only to 4\.00 ms/);
  });
});
