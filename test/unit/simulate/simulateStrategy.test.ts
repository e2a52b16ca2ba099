/**
 * The simulator runs the real scheduler core and policies on a virtual clock. Checked against
 * what must come out: the textbook static/dynamic example, queueing theory (M/D/1), the drain
 * limit of an overloaded strategy, and exact replay from a seed.
 */
import * as assert from 'assert';
import type { CalibrationPoint, StrategyConfig } from '../../../src/shared/profileTypes';
import { parseStrategySpec } from '../../../src/shared/strategies/strategySpec';
import { LatencyModel } from '../../../src/engine/simulate/latencyModel';
import { simulateStrategy, type SimulateOptions } from '../../../src/engine/simulate/simulateStrategy';
import { generateArrivals } from '../../../src/engine/workload/arrivals';

/** A constant-latency model: `base + perItem·n` ms at every quantile (p90 = median). */
function constantModel(baseMs: number, perItemMs: number, maxBatch = 64): LatencyModel {
  const points: CalibrationPoint[] = [];
  for (let b = 1; b <= maxBatch; b *= 2) {
    const ms = baseMs + perItemMs * b;
    points.push({ batchSize: b, latencyMs: ms, p90Ms: ms, throughput: (b * 1000) / ms, samples: 10 });
  }
  return new LatencyModel(points);
}

function options(
  config: StrategyConfig,
  sequence: Float64Array,
  model: LatencyModel,
  durationMs: number,
): SimulateOptions {
  return {
    label: config.name,
    config,
    context: { calibration: [], sloMs: null, instances: 1 },
    model,
    instances: 1,
    arrival: { kind: 'poisson' },
    sequence,
    segments: [{ fromMs: 0, measureFromMs: 0, toMs: durationMs }],
    sloMs: null,
    seed: 1,
  };
}

/** Request ids of each batch, in dispatch order. */
function batchMembers(r: ReturnType<typeof simulateStrategy>): number[][] {
  const out: number[][] = [];
  for (let id = 0; id < r.requests.batch.length; id++) (out[r.requests.batch[id]] ??= []).push(id);
  return out;
}

describe('simulateStrategy (virtual clock, real scheduler core)', () => {
  it('reproduces the textbook example: 5 requests at t=0, static(3) and dynamic(max=3) → [1,2,3] then [4,5]', () => {
    const five = new Float64Array(5); // all at t = 0
    for (const spec of ['static(3)', 'dynamic(max=3,delay=1000)']) {
      const r = simulateStrategy(options(parseStrategySpec(spec), five, constantModel(1000, 0), 1));
      assert.deepStrictEqual(
        batchMembers(r),
        [
          [0, 1, 2],
          [3, 4],
        ],
        spec,
      );
      // Batch 2 starts when batch 1 ends: 1000 ms later, whatever the policy.
      assert.deepStrictEqual(Array.from(r.batches.computeStartMs), [0, 1000], spec);
    }
  });

  it('matches M/D/1 queueing theory under none with Poisson arrivals (ρ = 0.5 and 0.8)', () => {
    const serviceMs = 10;
    for (const rho of [0.5, 0.8]) {
      const rate = (rho * 1000) / serviceMs;
      const durationS = 4000; // ~200k–320k requests: sampling error well under 2%
      const seq = generateArrivals({ kind: 'poisson' }, rate, durationS, 42);
      const r = simulateStrategy(
        options(parseStrategySpec('none'), seq, constantModel(serviceMs, 0, 1), durationS * 1000),
      );
      const md1 = (rho * serviceMs) / (2 * (1 - rho));
      const q = r.summary.queueMs.mean;
      assert.ok(
        Math.abs(q - md1) / md1 < 0.03,
        `ρ=${rho}: simulated mean queue ${q.toFixed(3)} ms, M/D/1 ${md1.toFixed(3)} ms`,
      );
    }
  });

  it('cuts an overloaded strategy’s drain as a real run does, and records the rest as never run', () => {
    // Batch 1 takes 10 ms: 100 req/s at most, offered 400 req/s for 10 s.
    const seq = generateArrivals({ kind: 'constant' }, 400, 10, 1);
    const r = simulateStrategy(options(parseStrategySpec('none'), seq, constantModel(10, 0, 1), 10_000));
    let neverRan = 0;
    for (const b of r.requests.batch) if (b === -1) neverRan++;
    assert.ok(neverRan > 1000, `never ran: ${neverRan}`);
    assert.ok(r.summary.throughputRps < 105 && r.summary.throughputRps > 95, String(r.summary.throughputRps));
  });

  it('adds the engine’s hand-off and return to every batch, and a cold start after idle', () => {
    // Three requests 100 ms apart (the instance idles in between) and three back to back at 1000 ms.
    const seq = Float64Array.from([0, 100, 200, 1000, 1000, 1000]);
    const r = simulateStrategy({
      ...options(parseStrategySpec('none'), seq, constantModel(10, 0, 1), 1001),
      handoffMs: 0.5,
      returnMs: 0.25,
      cold: { afterIdleMs: 1, handoffMs: 2, extraMs: 3 },
    });
    const latency = Array.from(r.requests.doneMs, (d, i) => d - seq[i]);
    // Idle instance: 2 (wake-up) + 10 + 3 (cold) + 0.25 (return).
    for (const i of [0, 1, 2, 3])
      assert.ok(Math.abs(latency[i] - 15.25) < 1e-9, `request ${i}: ${latency[i]}`);
    // Busy instance: queued behind the previous batch and its return, then 0.5 + 10 + 0.25.
    assert.ok(Math.abs(latency[4] - (15.25 + 10.75)) < 1e-9, `request 4: ${latency[4]}`);
    assert.ok(Math.abs(latency[5] - (15.25 + 2 * 10.75)) < 1e-9, `request 5: ${latency[5]}`);
    // The records keep the model's own compute apart from what the engine added.
    assert.ok(Math.abs(r.batches.computeEndMs[0] - r.batches.computeStartMs[0] - 13) < 1e-9);
  });

  it('draws the engine’s hand-off and return from their measured distributions: a rare stall lifts p99, not p50', () => {
    const seq = generateArrivals({ kind: 'poisson' }, 50, 200, 9); // ~10,000 requests at ρ = 0.05
    const base = options(parseStrategySpec('none'), seq, constantModel(1, 0, 1), 200_000);
    const steady = simulateStrategy({
      ...base,
      overhead: { handoffSamplesMs: [0.1, 0.1], returnSamplesMs: [0.2, 0.2], returnShiftMs: 0 },
    });
    // One return in ~50 takes 30 ms (a descheduled thread): the top 2% of the drawn distribution.
    const returns = Array.from({ length: 50 }, (_, i) => (i === 49 ? 30 : 0.2));
    const stalled = simulateStrategy({
      ...base,
      overhead: { handoffSamplesMs: [0.1, 0.1], returnSamplesMs: returns, returnShiftMs: 0 },
    });
    assert.ok(Math.abs(steady.summary.latencyMs.p50 - 1.3) < 0.01, String(steady.summary.latencyMs.p50));
    assert.ok(Math.abs(stalled.summary.latencyMs.p50 - 1.3) < 0.05, String(stalled.summary.latencyMs.p50));
    // Without stalls the tail is queueing behind another request now and then (ρ = 0.05): under 3 ms.
    assert.ok(steady.summary.latencyMs.p99 < 3, String(steady.summary.latencyMs.p99));
    assert.ok(stalled.summary.latencyMs.p99 > 10, String(stalled.summary.latencyMs.p99));
  });

  it('replays exactly from the same seed, and draws other latencies from another', () => {
    const seq = generateArrivals({ kind: 'poisson' }, 500, 5, 3);
    const noisy = new LatencyModel([
      { batchSize: 1, latencyMs: 1, p90Ms: 1.5, throughput: 1000, samples: 10 },
      { batchSize: 8, latencyMs: 3, p90Ms: 4, throughput: 2666, samples: 10 },
    ]);
    const run = (seed: number) =>
      simulateStrategy({ ...options(parseStrategySpec('dynamic(max=8,delay=2)'), seq, noisy, 5000), seed });
    const a = run(1);
    const b = run(1);
    const c = run(2);
    assert.deepStrictEqual(Array.from(a.requests.doneMs), Array.from(b.requests.doneMs));
    assert.notDeepStrictEqual(Array.from(a.requests.doneMs), Array.from(c.requests.doneMs));
  });
});
