import * as assert from 'assert';
import { delayHonourStats } from '../../../src/engine/metrics/delayHonour';

describe('delayHonourStats', () => {
  it('gives exact nearest-rank statistics of the dispatch errors', () => {
    // 1..100 µs late, shuffled.
    const errors = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1).map((us) => us / 1000);
    assert.deepStrictEqual(delayHonourStats(errors), {
      p50ErrorMs: 0.05,
      p99ErrorMs: 0.099,
      maxErrorMs: 0.1,
      samples: 100,
    });
  });

  it('is null when nothing was dispatched on a delay', () => {
    assert.strictEqual(delayHonourStats([]), null);
    assert.strictEqual(delayHonourStats([NaN]), null);
  });
});
