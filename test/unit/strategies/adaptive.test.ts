import * as assert from 'assert';
import type { CalibrationPoint } from '../../../src/shared/profileTypes';
import {
  AdaptiveBatchingPolicy,
  adaptiveStrategy,
  COST_WINDOW,
} from '../../../src/shared/strategies/adaptive';
import type { QueueView } from '../../../src/shared/strategies/policy';
import { simulate, type SimulationResult } from './simulatePolicy';

/** Calibration points measured on a model whose batch of n takes `perItem·n + base` ms. */
function calibrationOf(perItem: number, base: number, sizes = [1, 2, 4, 8, 16, 32]): CalibrationPoint[] {
  return sizes.map((batchSize) => {
    const latencyMs = perItem * batchSize + base;
    return {
      batchSize,
      latencyMs,
      p90Ms: latencyMs,
      throughput: (1000 * batchSize) / latencyMs,
      samples: 10,
    };
  });
}

const adaptive = (maxBatch: number, maxLatencyMs: number, calibration: CalibrationPoint[] = []) =>
  new AdaptiveBatchingPolicy({ maxBatch, maxLatencyMs, calibration });

/** Arrival times 0, every, 2·every, ... (count of them). */
const evenly = (count: number, every: number) => Array.from({ length: count }, (_, i) => i * every);

const served = (r: SimulationResult) => r.latencyMs.filter((l) => !Number.isNaN(l));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The most requests ever waiting when a batch left (arrived, not yet dispatched or shed). */
function maxQueued(r: SimulationResult, arrivalsMs: number[]): number {
  let most = 0;
  for (const batch of r.batches) {
    const t = batch.dispatchMs;
    const arrived = arrivalsMs.filter((a) => a <= t).length;
    const gone = r.batches.filter((b) => b.dispatchMs < t).reduce((s, b) => s + b.size, 0);
    const shed = r.shed.filter((s) => s.atMs <= t).length;
    most = Math.max(most, arrived - gone - shed);
  }
  return most;
}

describe('adaptive policy', () => {
  it('fits the linear cost model a·n + b by least squares, seeded from calibration', () => {
    // Before any batch ran, the model is the calibration's line.
    const policy = adaptive(32, 50, calibrationOf(2, 4));
    let state = policy.observe();
    assert.ok(Math.abs(state.costPerItemMs! - 2) < 1e-6 && Math.abs(state.costBaseMs! - 4) < 1e-6, 'seeded');

    // The model behaves differently at run time: after a window of batches it is their line.
    for (let k = 0; k < COST_WINDOW; k++) {
      const size = 1 + (k % 8) * 3;
      policy.onBatchComplete({ size, computeMs: 1.5 * size + 3, latenciesMs: [], completedAt: k });
    }
    state = policy.observe();
    assert.ok(Math.abs(state.costPerItemMs! - 1.5) < 1e-6, `a = ${state.costPerItemMs}`);
    assert.ok(Math.abs(state.costBaseMs! - 3) < 1e-6, `b = ${state.costBaseMs}`);
    // The largest batch that meets the max latency at all: 1.5·31 + 3 <= 50 < 1.5·32 + 3.
    assert.strictEqual(state.capBatch, 31);
  });

  it('starts from sane values without calibration, and learns a line from a single batch size', () => {
    const policy = adaptive(8, 30);
    const prior = policy.observe();
    assert.ok(prior.costPerItemMs! > 0 && prior.costBaseMs! > 0);
    assert.ok(prior.costPerItemMs! + prior.costBaseMs! < 30, 'a batch of one fits the max latency');
    // Only batches of one (light load): the line still passes through what was measured.
    for (let k = 0; k < 5; k++)
      policy.onBatchComplete({ size: 1, computeMs: 6, latenciesMs: [6], completedAt: k });
    const state = policy.observe();
    assert.ok(Math.abs(state.costPerItemMs! + state.costBaseMs! - 6) < 1e-9);
  });

  it('never serves a request late under overload: it sheds instead, and keeps batches full', () => {
    // 10 requests per ms against at most ~1 per ms of capacity; the cost model is exact.
    const arrivalsMs = evenly(3000, 0.1);
    const maxLatencyMs = 30;
    const result = simulate(adaptive(32, maxLatencyMs, calibrationOf(1, 5)), {
      arrivalsMs,
      serviceMs: (n) => n + 5,
      instances: 1,
    });
    const latencies = served(result);
    // Goodput near capacity (about 25 per 30 ms over 300 ms: ~250); serving the oldest
    // barely-feasible requests in tiny batches instead would serve far fewer.
    assert.ok(latencies.length > 200, `served ${latencies.length}`);
    assert.ok(Math.max(...latencies) <= maxLatencyMs + 1e-9, `worst latency ${Math.max(...latencies)}`);
    assert.ok(result.shed.length > 1000, `shed ${result.shed.length}`);
    assert.strictEqual(latencies.length + result.shed.length, arrivalsMs.length);
    // Bounded by what arrives within one budget plus one batch's run time (30 + 30 ms at 10/ms).
    assert.ok(maxQueued(result, arrivalsMs) <= 600, `queue reached ${maxQueued(result, arrivalsMs)}`);
    // Shedding the oldest (rather than serving them in tiny batches) keeps batches near the largest
    // that meets the budget, 25 here (25 + 5 = 30 ms).
    const sizes = result.batches.map((b) => b.size);
    assert.ok(mean(sizes) > 15, `mean batch ${mean(sizes)}`);
    assert.ok(Math.max(...sizes) <= 25);
  });

  it('waits for more requests at moderate load, where it pays off', () => {
    // Enough instances that a request always finds one idle: batches only form if it waits.
    const arrivalsMs = evenly(400, 1);
    const maxLatencyMs = 50;
    const result = simulate(adaptive(32, maxLatencyMs, calibrationOf(0.2, 5)), {
      arrivalsMs,
      serviceMs: (n) => 0.2 * n + 5,
      instances: 8,
    });
    const sizes = result.batches.map((b) => b.size);
    assert.ok(mean(sizes) > 3, `mean batch ${mean(sizes)}`);
    assert.strictEqual(result.shed.length, 0);
    const latencies = served(result);
    assert.strictEqual(latencies.length, arrivalsMs.length);
    assert.ok(Math.max(...latencies) <= maxLatencyMs, `worst latency ${Math.max(...latencies)}`);
  });

  it('learns to wait at moderate load without calibration too', () => {
    // Its prior expects batching to pay; the batches it then forms teach it the real line.
    const policy = adaptive(32, 50);
    const result = simulate(policy, {
      arrivalsMs: evenly(400, 1),
      serviceMs: (n) => 0.2 * n + 5,
      instances: 8,
    });
    assert.ok(mean(result.batches.map((b) => b.size)) > 3);
    const state = policy.observe();
    assert.ok(Math.abs(state.costPerItemMs! - 0.2) < 1e-6 && Math.abs(state.costBaseMs! - 5) < 1e-6);
  });

  it('dispatches at once at light load, where waiting would not pay', () => {
    // Every 100 ms the next request is beyond the budget anyway; every 20 ms it is within reach
    // (waiting 20 ms would still meet 50 ms), but 20 ms of waiting buys only b = 5 ms of saving.
    for (const every of [100, 20]) {
      const arrivalsMs = evenly(50, every);
      const result = simulate(adaptive(32, 50, calibrationOf(0.2, 5)), {
        arrivalsMs,
        serviceMs: (n) => 0.2 * n + 5,
        instances: 1,
      });
      assert.ok(
        result.batches.every((b) => b.size === 1),
        `every ${every} ms`,
      );
      assert.deepStrictEqual(
        result.batches.map((b) => b.dispatchMs),
        arrivalsMs,
      );
      assert.ok(served(result).every((l) => Math.abs(l - 5.2) < 1e-9));
    }
  });

  it('asks to be woken when an overdue arrival makes waiting stop paying, and flushes when draining', () => {
    const policy = adaptive(32, 50, calibrationOf(0.2, 5));
    // Learn a 1 ms gap between arrivals.
    const arrivals = [0, 1, 2];
    const queue: QueueView = {
      length: arrivals.length,
      scheduledAt: (i) => arrivals[i],
      enqueuedAt: (i) => arrivals[i],
      sizeKey: () => 1,
      priority: () => 0,
    };
    const decision = policy.decide(queue, { now: 2, idleInstances: 1, draining: false });
    // 3 held: 3·(1 + 0.2) < 5 pays. Next arrival overdue at 2 + 5/3 − 0.2: ask again then.
    assert.strictEqual(decision.kind, 'wait');
    const until = (decision as { until: number }).until;
    assert.ok(Math.abs(until - (2 + 5 / 3 - 0.2)) < 1e-9, `until ${until}`);
    assert.deepStrictEqual(policy.decide(queue, { now: until, idleInstances: 1, draining: false }), {
      kind: 'dispatch',
      count: 3,
    });
    // When the run is draining, what it would have held goes at once, marked as a flush.
    const fresh = adaptive(32, 50, calibrationOf(0.2, 5));
    assert.deepStrictEqual(fresh.decide(queue, { now: 2, idleInstances: 1, draining: false }).kind, 'wait');
    assert.deepStrictEqual(fresh.decide(queue, { now: 2, idleInstances: 1, draining: true }), {
      kind: 'dispatch',
      count: 3,
      flushed: true,
    });
  });

  it('has a descriptor: label, max batch, max latency from --slo-ms, and create with calibration', () => {
    const config = { name: 'adaptive', maxBatch: 32, maxLatencyMs: 20 };
    assert.strictEqual(adaptiveStrategy.name, 'adaptive');
    assert.strictEqual(adaptiveStrategy.label(config), 'adaptive(max=32, latency=20ms)');
    assert.notStrictEqual(
      adaptiveStrategy.label({ ...config, maxLatencyMs: 25 }),
      adaptiveStrategy.label(config),
    );
    assert.strictEqual(adaptiveStrategy.maxBatch(config), 32);
    assert.ok(adaptiveStrategy.reference.includes('https://docs.bentoml.com/'));
    assert.deepStrictEqual(
      adaptiveStrategy.params.map((p) => [p.key, p.short, p.default, p.runDefault]),
      [
        ['maxBatch', 'max', 8, 'maxBatch'],
        ['maxLatencyMs', 'latency', null, 'sloMs'],
      ],
    );
    const policy = adaptiveStrategy.create(config, {
      calibration: calibrationOf(0.5, 2),
      sloMs: null,
      instances: 1,
    });
    assert.ok(policy instanceof AdaptiveBatchingPolicy);
    assert.strictEqual(policy.name, 'adaptive');
    assert.strictEqual(policy.maxBatch, 32);
    assert.strictEqual((policy as AdaptiveBatchingPolicy).maxLatencyMs, 20);
    const state = policy.observe!();
    assert.ok(Math.abs(state.costPerItemMs! - 0.5) < 1e-9 && Math.abs(state.costBaseMs! - 2) < 1e-9);
  });
});
