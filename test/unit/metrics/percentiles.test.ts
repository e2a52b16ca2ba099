import * as assert from 'assert';
import { percentiles } from '../../../src/engine/metrics/percentiles';
import { createRng } from '../../../src/engine/workload/rng';

/** Nearest-rank percentile of sorted values. */
const exact = (sorted: Float64Array, p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

describe('percentiles', () => {
  it('agrees with an exact sort on random data within histogram precision', () => {
    const rng = createRng(5);
    // Log-uniform from 10 µs to ~10 s, so every scale of the histogram is exercised.
    const values = Float64Array.from({ length: 50000 }, () => 0.01 * Math.pow(10, 6 * rng()));
    const got = percentiles(values);
    const sorted = Float64Array.from(values).sort();
    for (const [key, p] of [
      ['p50', 50],
      ['p90', 90],
      ['p95', 95],
      ['p99', 99],
      ['p999', 99.9],
    ] as const) {
      const want = exact(sorted, p);
      // 3 significant digits (0.1%) plus the 1 µs recording resolution.
      const tolerance = want * 0.002 + 0.001;
      assert.ok(Math.abs(got[key] - want) <= tolerance, `${key}: got ${got[key]}, exact ${want}`);
    }
    assert.strictEqual(got.max, sorted[sorted.length - 1], 'max is exact');
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    assert.ok(Math.abs(got.mean - mean) < 1e-9 * mean, `mean ${got.mean} is exact (${mean})`);
  });

  it('handles hour-long values', () => {
    const hour = 3600 * 1000;
    const got = percentiles([hour, hour * 2]);
    assert.ok(Math.abs(got.p50 - hour) <= hour * 0.001, `p50 ${got.p50}`);
    assert.strictEqual(got.max, hour * 2);
  });

  it('gives all zeros for empty input and skips NaN (requests that never completed)', () => {
    assert.deepStrictEqual(percentiles([]), { p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 });
    const got = percentiles([NaN, 2, NaN, 4]);
    assert.strictEqual(got.mean, 3);
    assert.strictEqual(got.max, 4);
  });

  it('never reports a percentile above the exact max', () => {
    const got = percentiles([1.2345, 1.2345, 1.2345]);
    assert.ok(got.p999 <= 1.2345 && got.p50 <= 1.2345, JSON.stringify(got));
    assert.ok(got.p50 > 1.233, JSON.stringify(got));
  });
});
