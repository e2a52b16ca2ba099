/**
 * NaN survives a save and reopen in the optional fields too: JSON writes it as null, and the
 * decoder must turn null back into NaN in the optional summary fields (padFraction, per-level
 * latencies) and the optional timeline series (GPU, policy), not only in the required ones.
 */
import { strict as assert } from 'node:assert';
import { decodeProfile, encodeProfile } from '../../../src/engine/profile/profileCodec';
import type { Percentiles } from '../../../src/shared/profileTypes';
import { syntheticProfile } from './syntheticProfile';

const withNaN: Percentiles = { p50: 1, p90: NaN, p95: 3, p99: 4, p999: 5, max: 6, mean: 2 };

describe('profile codec: NaN in optional fields', () => {
  it('reads NaN (not null) back in padFraction, level latencies and the optional timeline series', () => {
    const profile = syntheticProfile([50]);
    const s = profile.strategies[0];
    s.summary.padFraction = NaN;
    s.summary.levels = [
      { level: 0, requests: 30, completed: 30, rejected: 0, latencyMs: withNaN, goodput: null },
      {
        level: 1,
        requests: 20,
        completed: 20,
        rejected: 0,
        latencyMs: { ...withNaN, p90: 2 },
        goodput: null,
      },
    ];
    const series = [10, NaN, 30];
    Object.assign(s.timeseries, {
      gpuUtilPercent: series,
      gpuMemoryMiB: series,
      policyCapBatch: series,
      policyEstimateMs: series,
      policyCostPerItemMs: series,
      policyCostBaseMs: series,
    });

    const file = JSON.parse(JSON.stringify(encodeProfile(profile)));
    const decoded = decodeProfile(file, 'optional-nan.json').strategies[0];

    assert.ok(Number.isNaN(decoded.summary.padFraction), `padFraction ${decoded.summary.padFraction}`);
    assert.deepStrictEqual(decoded.summary.levels, s.summary.levels);
    for (const key of [
      'gpuUtilPercent',
      'gpuMemoryMiB',
      'policyCapBatch',
      'policyEstimateMs',
      'policyCostPerItemMs',
      'policyCostBaseMs',
    ] as const) {
      assert.deepStrictEqual(decoded.timeseries[key], series, key);
    }
  });
});
