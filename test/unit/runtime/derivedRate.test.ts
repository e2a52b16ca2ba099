/**
 * The default rate's rule (DERIVED_RATE_RULE): 60% of the largest batch's throughput across the
 * instances, rounded to two significant figures; and the warning, said before `none` runs, when
 * that rate overloads it — with by how much and the rate that would not.
 */
import * as assert from 'assert';
import {
  deriveRate,
  roundToSignificant,
  unbatchedCapacityRps,
  unbatchedOverloadWarning,
} from '../../../src/engine/runtime/calibration';
import type { CalibrationPoint } from '../../../src/shared/profileTypes';

const point = (batchSize: number, latencyMs: number): CalibrationPoint => ({
  batchSize,
  latencyMs,
  p90Ms: latencyMs,
  throughput: (batchSize * 1000) / latencyMs,
  samples: 10,
});

describe('derived default rate', () => {
  it('rounds to two significant figures', () => {
    assert.strictEqual(roundToSignificant(14_701, 2), 15_000);
    assert.strictEqual(roundToSignificant(272, 2), 270);
    assert.strictEqual(roundToSignificant(330.4, 2), 330);
    assert.strictEqual(roundToSignificant(47.4, 2), 47);
    assert.strictEqual(roundToSignificant(0.3, 2), 1, 'never below one request per second');
  });

  it('is 60% of what the instances serve at the largest batch, rounded', () => {
    // Batch 16 in 10 ms = 1600/s; two instances 3200/s; 60% = 1920 → 1900.
    const points = [point(1, 2), point(16, 10)];
    assert.strictEqual(deriveRate(points, 2), 1900);
    // Two runs whose calibration differs by a few percent offer the same rate.
    assert.strictEqual(deriveRate([point(1, 2), point(16, 10.2)], 2), deriveRate(points, 2));
  });

  it('warns, with the factor and a rate none carries, when the derived rate overloads none', () => {
    // none: 1 / 1 ms = 1000/s on one instance; batch 16 in 4 ms → 4000/s → derived 2400/s.
    const points = [point(1, 1), point(16, 4)];
    const rate = deriveRate(points, 1);
    assert.strictEqual(rate, 2400);
    assert.strictEqual(unbatchedCapacityRps(points, 1), 1000);
    const warning = unbatchedOverloadWarning(rate, points, 1);
    assert.ok(warning, 'a warning');
    assert.match(warning, /2,400 requests\/s overloads "none"/);
    assert.match(warning, /about 1,000 requests\/s/);
    assert.match(warning, /offered load is 2\.4× what it serves/);
    assert.match(warning, /at most 800 requests\/s/);
  });

  it('says nothing when none keeps up, or there is no batch-1 point', () => {
    const points = [point(1, 1), point(16, 4)];
    assert.strictEqual(unbatchedOverloadWarning(850, points, 1), null);
    assert.strictEqual(unbatchedOverloadWarning(2400, [point(16, 4)], 1), null);
  });
});
