/**
 * The sweep's logic on a model of known cost (a constant-latency calibration, no ONNX): the grid
 * expansion, the Pareto front, the largest sustainable rate against queueing theory, and the
 * recommendation's choices (most throughput, fewest instances at a target, what binds).
 */
import * as assert from 'assert';
import type { CalibrationPoint, ModelSummary } from '../../../src/shared/profileTypes';
import type { SweepPoint, SweepSettings } from '../../../src/shared/sweep/sweepTypes';
import { expandSpec, sweepStrategyConfigs } from '../../../src/shared/sweep/sweepSpecs';
import { paretoFront, simulateSweep } from '../../../src/engine/sweep/simulateSweep';
import { rankCandidates, recommendationFor } from '../../../src/engine/sweep/recommend';

/** `base + perItem·n` ms at every quantile. */
function calibration(baseMs: number, perItemMs: number, maxBatch: number): CalibrationPoint[] {
  const points: CalibrationPoint[] = [];
  for (let b = 1; b <= maxBatch; b *= 2) {
    const ms = baseMs + perItemMs * b;
    points.push({ batchSize: b, latencyMs: ms, p90Ms: ms, throughput: (b * 1000) / ms, samples: 10 });
  }
  return points;
}

/** A model with one float input of a free batch axis and no other symbolic dim. */
const MODEL = {
  path: 'synthetic',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 4], batchAxis: 0, batchAxisSource: 'symbolic' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 4], batchAxis: 0, batchAxisSource: 'symbolic' }],
  batchable: true,
  maxBatchSupported: null,
  fileName: 'synthetic',
  sha256: '',
  bytes: 0,
  dims: [],
  fixedInputs: {},
} as unknown as ModelSummary;

function settings(over: Partial<SweepSettings> = {}): SweepSettings {
  return {
    strategies: [],
    instances: [1],
    rates: { kind: 'capacity', values: [0.3, 0.6, 0.9] },
    slo: { ms: 20, percentile: 99 },
    margin: 0.1,
    targetRps: null,
    pointDurationS: 1,
    seed: 42,
    measure: false,
    ...over,
  };
}

describe('sweep grid', () => {
  it('expands every `|` alternative, in the order written', () => {
    assert.deepStrictEqual(expandSpec('dynamic(max=1|2,delay=0|5)'), [
      'dynamic(max=1,delay=0)',
      'dynamic(max=1,delay=5)',
      'dynamic(max=2,delay=0)',
      'dynamic(max=2,delay=5)',
    ]);
    assert.deepStrictEqual(expandSpec('none'), ['none']);
  });

  it('checks each expanded config through the registry, and drops duplicates', () => {
    const configs = sweepStrategyConfigs('none,none,static(4|8)', null);
    assert.deepStrictEqual(
      configs.map((c) => `${c.name}:${String(c.batchSize ?? '')}`),
      ['none:', 'static:4', 'static:8'],
    );
    assert.throws(() => sweepStrategyConfigs('dynamic(max=2|x)', null), /dynamic\(max=x\)/);
    assert.throws(() => sweepStrategyConfigs('dynamic(max=4|64)', 16), /16/);
  });
});

describe('Pareto front', () => {
  const p = (throughputRps: number, p99Ms: number, servedFraction = 1): SweepPoint => ({
    config: 0,
    offeredRps: throughputRps,
    throughputRps,
    p50Ms: p99Ms / 2,
    p99Ms,
    sloPercentileMs: p99Ms,
    meanBatch: 1,
    utilization: 0.5,
    servedFraction,
    measured: false,
  });
  it('keeps the points nothing beats on both throughput and p99, ascending by throughput', () => {
    const points = [p(100, 5), p(200, 4), p(300, 9), p(250, 10), p(400, 3, 0.5)];
    // 100/5 is beaten by 200/4; 250/10 by 300/9; 400/3 did not serve its offer and is left out.
    assert.deepStrictEqual(paretoFront(points), [1, 2]);
  });
});

describe('simulated sweep and recommendation', () => {
  // 1 ms per batch + 0.25 ms per request: batch 1 serves 800 req/s, batch 8 2667 req/s.
  const cal = calibration(1, 0.25, 8);

  it('finds the largest sustainable rate of `none` where M/D/1 says p99 crosses the budget', () => {
    const sim = simulateSweep({
      model: MODEL,
      calibration: cal,
      settings: settings(),
      strategies: sweepStrategyConfigs('none', null),
    });
    // M/D/1 with D = 1.25 ms: p99 ≤ 18 ms up to ρ ≈ 0.9 or so, and never past saturation (800 req/s).
    const max = sim.configs[0].maxRateRps!;
    assert.ok(max > 600 && max < 800, `max sustainable rate of none: ${max}`);
    // Above it the SLO budget is broken or the offer not served; below it both hold.
    assert.ok(!sim.sustains(sim.simulate(0, max * 1.15), max * 1.15));
    assert.ok(sim.sustains(sim.simulate(0, max * 0.9), max * 0.9));
  });

  it('recommends batching for the most throughput, says compute binds, and predicts the SLO is met', () => {
    const s = settings();
    const sim = simulateSweep({
      model: MODEL,
      calibration: cal,
      settings: s,
      strategies: sweepStrategyConfigs('none,dynamic(max=2|8,delay=0|2)', null),
    });
    const ranked = rankCandidates(sim, s);
    const rec = recommendationFor(sim, s, ranked[0], 0)!;
    assert.strictEqual(rec.config.name, 'dynamic');
    assert.strictEqual(rec.config.maxBatch, 8);
    assert.ok(rec.predicted.sloPercentileMs <= 18, String(rec.predicted.sloPercentileMs));
    assert.strictEqual(rec.binding, 'compute');
    assert.ok(
      rec.reasons.some((r) => /compute saturation/.test(r)),
      rec.reasons.join('\n'),
    );
    // Its sustainable rate beats every `none` point's.
    const none = sim.configs.find((c) => c.config.name === 'none')!;
    assert.ok(rec.rateRps > 2 * none.maxRateRps!, `${rec.rateRps} vs none ${none.maxRateRps}`);
  });

  it('prefers fewer instances when they sustain the target, and more when they must', () => {
    const strategies = sweepStrategyConfigs('dynamic(max=8,delay=1)', null);
    const low = settings({ instances: [1, 2], targetRps: 1000 });
    const simLow = simulateSweep({ model: MODEL, calibration: cal, settings: low, strategies });
    assert.strictEqual(recommendationFor(simLow, low, rankCandidates(simLow, low)[0], 0)!.instances, 1);
    // 1 instance serves ~2667 req/s at most: 3500 needs two.
    const high = settings({ instances: [1, 2], targetRps: 3500 });
    const simHigh = simulateSweep({ model: MODEL, calibration: cal, settings: high, strategies });
    const rec = recommendationFor(simHigh, high, rankCandidates(simHigh, high)[0], 0)!;
    assert.strictEqual(rec.instances, 2);
    assert.strictEqual(rec.rateRps, 3500);
  });

  it('says the delay binds when the max queue delay takes most of the budget', () => {
    const s = settings({ slo: { ms: 12, percentile: 99 }, targetRps: 100 });
    const sim = simulateSweep({
      model: MODEL,
      calibration: cal,
      settings: s,
      strategies: sweepStrategyConfigs('dynamic(max=8,delay=8)', null),
    });
    const rec = recommendationFor(sim, s, rankCandidates(sim, s)[0], 0)!;
    assert.strictEqual(rec.binding, 'delay', rec.reasons.join('\n'));
  });
});
