import { strict as assert } from 'node:assert';
import { summarizeStrategy } from '../../../src/engine/metrics/summarize';
import { decodeProfile, encodeProfile } from '../../../src/engine/profile/profileCodec';
import { resummarizeStrategy, summaryFromProfile } from '../../../src/engine/profile/profileSummary';
import type { Percentiles, Profile, StrategySummary } from '../../../src/shared/profileTypes';
import { syntheticProfile } from './syntheticProfile';

/** A synthetic profile whose stored summaries were computed from its own columns, like a real run. */
function profileWithRealSummaries(): Profile {
  const profile = syntheticProfile([20_000, 500]);
  for (const s of profile.strategies) {
    s.summary = summarizeStrategy({
      requests: s.requests,
      batches: s.batches,
      processCpuPercent: 83.5,
      systemCpuPercent: 41.25,
      sloMs: profile.settings.sloMs,
      delayHonour: { p50ErrorMs: 0.01, p99ErrorMs: 0.05, maxErrorMs: 0.2, samples: 10 },
    });
  }
  return profile;
}

// Columns are stored to the microsecond and the histogram keeps 3 significant digits, so a
// recomputed percentile may move by one histogram bucket; counts must match exactly.
function assertClose(name: string, actual: number, expected: number): void {
  const tolerance = 0.002 + Math.abs(expected) * 0.002;
  assert.ok(Math.abs(actual - expected) <= tolerance, `${name}: recomputed ${actual}, stored ${expected}`);
}

function assertPercentilesClose(name: string, a: Percentiles, e: Percentiles): void {
  for (const k of Object.keys(e) as Array<keyof Percentiles>) assertClose(`${name}.${k}`, a[k], e[k]);
}

function assertSummariesAgree(a: StrategySummary, e: StrategySummary): void {
  assert.equal(a.requests, e.requests);
  assert.equal(a.completed, e.completed);
  assert.equal(a.batches, e.batches);
  assert.deepEqual(a.batchSize, e.batchSize);
  assert.equal(a.paddingRatio, e.paddingRatio);
  assertClose('throughputRps', a.throughputRps, e.throughputRps);
  assertClose('durationS', a.durationS, e.durationS);
  assertPercentilesClose('latencyMs', a.latencyMs, e.latencyMs);
  assertPercentilesClose('queueMs', a.queueMs, e.queueMs);
  assertPercentilesClose('computeMs', a.computeMs, e.computeMs);
  assert.ok(e.goodput !== null && a.goodput !== null);
  assertClose('goodput', a.goodput, e.goodput);
}

describe('profile summary', () => {
  it('re-summarizing the decoded columns reproduces the stored summary', () => {
    const original = profileWithRealSummaries();
    const decoded = decodeProfile(JSON.parse(JSON.stringify(encodeProfile(original))), 'mem.json');
    decoded.strategies.forEach((s, i) => {
      assert.ok(s.summary.completed < s.summary.requests, 'fixture has a request that never completed');
      assertSummariesAgree(resummarizeStrategy(s, decoded.settings), original.strategies[i].summary);
    });
  });

  it('summaryFromProfile of a decoded profile equals that of the original', () => {
    const original = profileWithRealSummaries();
    const decoded = decodeProfile(JSON.parse(JSON.stringify(encodeProfile(original))), 'mem.json');
    assert.deepEqual(summaryFromProfile(decoded), summaryFromProfile(original));
    const report = summaryFromProfile(decoded);
    assert.equal(report.strategies[0].name, 'dynamic');
    assert.equal(report.strategies[0].requests, 20_000);
    assert.deepEqual(Object.keys(report.calibration[0]), ['batchSize', 'latencyMs', 'throughput']);
  });
});
