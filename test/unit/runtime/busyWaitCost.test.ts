import { strict as assert } from 'node:assert';
import { batchCostSampler } from '../../../src/engine/runtime/busyWaitCost';

function draws(n: number, cost: (n: number) => number, size = 1): number[] {
  return Array.from({ length: n }, () => cost(size));
}

describe('busy-wait cost per batch (synthetic model jitter)', () => {
  it('is exactly base + per-item × n without jitter', () => {
    const cost = batchCostSampler({ serviceMs: 20, perRequestMs: 2, jitter: 0 }, 7);
    assert.equal(cost(1), 22);
    assert.equal(cost(8), 36);
  });

  it('keeps the nominal mean and has the asked coefficient of variation, never negative', () => {
    const cost = batchCostSampler({ serviceMs: 10, perRequestMs: 1, jitter: 0.2 }, 42);
    const xs = draws(40_000, cost, 4); // nominal 14 ms
    const mean = xs.reduce((a, v) => a + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, v) => a + (v - mean) ** 2, 0) / (xs.length - 1));
    assert.ok(Math.abs(mean - 14) / 14 < 0.01, `mean ${mean} ms, expected 14 ms within 1%`);
    assert.ok(Math.abs(sd / mean - 0.2) < 0.01, `coefficient of variation ${sd / mean}, expected 0.2 ± 0.01`);
    assert.ok(Math.min(...xs) > 0, 'a cost is never negative');
  });

  it('draws the same costs from the same seed, and other costs from another', () => {
    const spec = { serviceMs: 5, perRequestMs: 0, jitter: 0.1 };
    const a = draws(50, batchCostSampler(spec, 3));
    assert.deepEqual(draws(50, batchCostSampler(spec, 3)), a);
    assert.notDeepEqual(draws(50, batchCostSampler(spec, 4)), a);
  });
});
