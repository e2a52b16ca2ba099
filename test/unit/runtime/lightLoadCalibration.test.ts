/**
 * The light-load calibration point's plumbing: the pace it is run at (from the run's traffic),
 * how it travels through the profile file and the schema, and how the CLI prints it. The point
 * itself, measured on a real model, is in test/integration/runtime/calibration.test.ts.
 */
import * as assert from 'assert';
import { formatCalibration } from '../../../src/cli/formatResults';
import { decodeProfile, encodeProfile } from '../../../src/engine/profile/profileCodec';
import { summaryFromProfile } from '../../../src/engine/profile/profileSummary';
import { schemaViolation } from '../../../src/engine/profile/validateProfileFile';
import { LIGHT_LOAD_MAX_GAP_MS, deriveRate, lightLoadGapMs } from '../../../src/engine/runtime/calibration';
import type { CalibrationPoint, LightLoadCalibration } from '../../../src/shared/profileTypes';
import { syntheticProfile } from '../profile/syntheticProfile';

const points: CalibrationPoint[] = [
  { batchSize: 1, latencyMs: 0.1, p90Ms: 0.12, throughput: 10_000, samples: 50 },
  { batchSize: 8, latencyMs: 0.4, p90Ms: 0.5, throughput: 20_000, samples: 50 },
];
const light: LightLoadCalibration = {
  gapMs: 20.3,
  latencyMs: 0.31,
  p90Ms: 0.45,
  wakeUpMs: 0.06,
  samples: 15,
};

describe('light-load calibration: the pace', () => {
  it("is the run's mean gap between arrivals", () => {
    assert.strictEqual(
      lightLoadGapMs({ arrival: { kind: 'poisson' }, rateRps: 50, instances: 1 }, points),
      20,
    );
    assert.strictEqual(
      lightLoadGapMs({ arrival: { kind: 'constant' }, rateRps: 400, instances: 2 }, points),
      2.5,
    );
    const bursty = { kind: 'bursty', ratio: 4, periodS: 2, dutyCycle: 0.5 } as const;
    assert.strictEqual(lightLoadGapMs({ arrival: bursty, rateRps: 100, instances: 1 }, points), 10);
  });

  it('a ramp is paced by its mean rate', () => {
    const ramp = { kind: 'ramp', fromRps: 50, toRps: 150 } as const;
    assert.strictEqual(lightLoadGapMs({ arrival: ramp, rateRps: null, instances: 1 }, points), 10);
  });

  it('is capped for very light traffic, so calibration stays short', () => {
    const gap = lightLoadGapMs({ arrival: { kind: 'poisson' }, rateRps: 2, instances: 1 }, points);
    assert.strictEqual(gap, LIGHT_LOAD_MAX_GAP_MS);
  });

  it('is not measured when the traffic has no rate or leaves no idle time', () => {
    // A slow model, whose derived rate would leave gaps: a closed loop or a trace still has no pace.
    const slow: CalibrationPoint[] = [{ batchSize: 1, latencyMs: 5, p90Ms: 6, throughput: 200, samples: 7 }];
    const closed = { kind: 'closed', concurrency: 4 } as const;
    assert.strictEqual(lightLoadGapMs({ arrival: closed, rateRps: null, instances: 1 }, slow), null);
    const trace = { kind: 'trace', file: 't.csv', format: 'gaps' } as const;
    assert.strictEqual(lightLoadGapMs({ arrival: trace, rateRps: null, instances: 1 }, slow), null);
    assert.strictEqual(
      lightLoadGapMs({ arrival: { kind: 'poisson' }, rateRps: 5000, instances: 1 }, points),
      null,
    );
  });

  it('follows the rate the run will derive from calibration when none is given', () => {
    const slow: CalibrationPoint[] = [{ batchSize: 1, latencyMs: 5, p90Ms: 6, throughput: 200, samples: 7 }];
    const gap = lightLoadGapMs({ arrival: { kind: 'poisson' }, rateRps: null, instances: 1 }, slow);
    assert.strictEqual(gap, 1000 / deriveRate(slow, 1));
  });
});

describe('light-load calibration: in the profile and the CLI', () => {
  it('round-trips through the profile file and satisfies the schema', () => {
    const profile = syntheticProfile([100]);
    profile.calibration = [{ ...points[0], lightLoad: light }, points[1]];
    const file = JSON.parse(JSON.stringify(encodeProfile(profile)));
    assert.strictEqual(schemaViolation(file), null);
    const decoded = decodeProfile(file, 'mem.json');
    assert.deepStrictEqual(decoded.calibration[0].lightLoad, light);
    assert.strictEqual(decoded.calibration[1].lightLoad, undefined);
    assert.deepStrictEqual(summaryFromProfile(decoded).calibration[0].lightLoad, light);
  });

  it('the schema names a light-load point with a missing field', () => {
    const profile = syntheticProfile([10]);
    const { wakeUpMs: _dropped, ...partial } = light;
    profile.calibration = [{ ...points[0], lightLoad: partial as LightLoadCalibration }];
    const file = JSON.parse(JSON.stringify(encodeProfile(profile)));
    assert.match(schemaViolation(file) ?? '', /calibration\[0\]\.lightLoad\.wakeUpMs is missing/);
  });

  it('the CLI prints the cold point beside the back-to-back table, and nothing when absent', () => {
    const text = formatCalibration([{ ...points[0], lightLoad: light }, points[1]]);
    assert.match(text, /batch 1 after 20\.30 ms idle \(the run's pace\): 0\.310 ms/);
    assert.match(text, /0\.060 ms for the instance to wake up/);
    assert.doesNotMatch(formatCalibration(points), /idle/);
  });
});
