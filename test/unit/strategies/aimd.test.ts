import * as assert from 'assert';
import {
  AimdBatchingPolicy,
  aimdStrategy,
  type AimdBatchingOptions,
} from '../../../src/shared/strategies/aimd';
import type { QueueView } from '../../../src/shared/strategies/policy';
import { paramProblem } from '../../../src/shared/strategies/strategyParams';
import { simulate } from './simulatePolicy';

const aimd = (o: Partial<AimdBatchingOptions> = {}) =>
  new AimdBatchingPolicy({
    maxBatch: 32,
    sloMs: 10,
    additiveStep: 1,
    backoffFactor: 0.9,
    startBatch: 1,
    ...o,
  });

/** A batch of `size` that took `computeMs` to process. */
const outcome = (size: number, computeMs: number) => ({
  size,
  computeMs,
  latenciesMs: new Array(size).fill(computeMs),
  completedAt: 0,
});

const queueOf = (n: number): QueueView => ({
  length: n,
  scheduledAt: () => 0,
  enqueuedAt: () => 0,
  sizeKey: () => 1,
  priority: () => 0,
});

const cap = (p: AimdBatchingPolicy) => p.observe().capBatch;
const state = { now: 0, idleInstances: 1, draining: false };

describe('aimd policy', () => {
  it('on a cost curve with a known feasible size, the cap settles there and stays there', () => {
    // 2 + n ms per batch against a 10 ms budget: 8 is the largest batch that fits.
    const serviceMs = (n: number) => 2 + n;
    // 10 requests/ms for 400 ms: far more than the ~0.8/ms one instance serves, so every batch
    // can be full and only the budget limits the cap.
    const arrivalsMs = Array.from({ length: 4000 }, (_, i) => i * 0.1);
    const r = simulate(aimd({ maxBatch: 32 }), { arrivalsMs, serviceMs, instances: 1 });
    const caps = r.states.map((s) => s.state.capBatch!);
    const settle = Math.floor(caps.length * 0.3);
    assert.ok(caps.length > 400, `expected a long run, got ${caps.length} batches`);

    // Climbs 1, 2, …, 9 one full batch at a time: 9 is the first size over budget.
    assert.deepStrictEqual(caps.slice(0, 8), [2, 3, 4, 5, 6, 7, 8, 9]);
    // From then on it saws between 8 and 9: 9 (11 ms) backs off to floor(0.9·(8.x+1)) = 8, and a
    // full 8 (10 ms, within budget) steps back to 9. It never drifts below the feasible size nor
    // above its first infeasible neighbour.
    const settled = caps.slice(settle);
    assert.ok(
      settled.every((c) => c === 8 || c === 9),
      `caps after settling: ${[...new Set(settled)]}`,
    );
    // Each probe at 9 (over budget) is answered at once: its completion brings the cap back to 8.
    r.batches.forEach((b, i) => b.size === 9 && assert.strictEqual(caps[i], 8, `after batch ${i}`));

    const sizes = r.batches.slice(settle).map((b) => b.size);
    const mean = sizes.reduce((s, n) => s + n, 0) / sizes.length;
    assert.ok(mean >= 8 && mean <= 9, `mean batch after settling ${mean}`);
    // Everything dispatched at the feasible size or below met the budget.
    assert.ok(r.batches.every((b) => b.size > 8 || b.doneMs - b.dispatchMs <= 10));
    assert.ok(r.batches.every((b) => b.size <= 32));
    assert.strictEqual(r.shed.length, 0);
  });

  it('shrinks the cap multiplicatively after a batch over budget, down to 1', () => {
    const p = aimd({ startBatch: 20, backoffFactor: 0.9 });
    p.onBatchComplete(outcome(20, 10.5));
    assert.strictEqual(cap(p), 18);
    p.onBatchComplete(outcome(18, 11)); // 16.2
    assert.strictEqual(cap(p), 16);
    // Any over-budget batch counts, full or not (it is evidence the cap is too large).
    p.onBatchComplete(outcome(3, 11)); // 14.58
    assert.strictEqual(cap(p), 14);

    const halving = aimd({ startBatch: 3, backoffFactor: 0.5 });
    for (let i = 0; i < 5; i++) halving.onBatchComplete(outcome(1, 50));
    assert.strictEqual(cap(halving), 1, 'never below 1');
    assert.deepStrictEqual(halving.decide(queueOf(5), state), { kind: 'dispatch', count: 1 });
  });

  it('grows the cap additively only after a full batch within budget, up to max batch', () => {
    const p = aimd({ startBatch: 4, maxBatch: 6 });
    p.onBatchComplete(outcome(2, 3)); // fast but not full: no evidence a larger batch fits
    assert.strictEqual(cap(p), 4);
    p.onBatchComplete(outcome(4, 10)); // full and exactly at the budget: within it
    assert.strictEqual(cap(p), 5);
    p.onBatchComplete(outcome(5, 9));
    p.onBatchComplete(outcome(6, 9));
    p.onBatchComplete(outcome(6, 9));
    assert.strictEqual(cap(p), 6, 'clamped at max batch');

    // A fractional step accumulates: 4 → 4.5 (still dispatches 4) → 5.
    const half = aimd({ startBatch: 4, additiveStep: 0.5 });
    half.onBatchComplete(outcome(4, 1));
    assert.strictEqual(cap(half), 4);
    half.onBatchComplete(outcome(4, 1));
    assert.strictEqual(cap(half), 5);
  });

  it('in a lightly loaded run, keeps the cap at its start instead of inflating it', () => {
    // One request every 20 ms, 3 ms to serve: every batch is a single request.
    const arrivalsMs = Array.from({ length: 50 }, (_, i) => i * 20);
    const r = simulate(aimd({ startBatch: 2 }), { arrivalsMs, serviceMs: (n) => 2 + n, instances: 1 });
    assert.ok(r.states.every((s) => s.state.capBatch === 2));
  });

  it('dispatches at once up to the cap, and waits only on an empty queue', () => {
    const p = aimd({ startBatch: 4 });
    assert.deepStrictEqual(p.decide(queueOf(3), state), { kind: 'dispatch', count: 3 });
    assert.deepStrictEqual(p.decide(queueOf(10), state), { kind: 'dispatch', count: 4 });
    assert.deepStrictEqual(p.decide(queueOf(0), state), { kind: 'wait' });
  });
});

describe('aimd descriptor', () => {
  const config = {
    name: 'aimd',
    maxBatch: 32,
    sloMs: 20,
    additiveStep: 1,
    backoffFactor: 0.9,
    startBatch: 1,
  };

  it('labels the config, showing step, backoff and start only when not default', () => {
    assert.strictEqual(aimdStrategy.label(config), 'aimd(max=32, slo=20ms)');
    assert.strictEqual(
      aimdStrategy.label({ ...config, sloMs: 0.1 + 0.2, additiveStep: 2, backoffFactor: 0.5, startBatch: 4 }),
      'aimd(max=32, slo=0.3ms, step=2, backoff=0.5, start=4)',
    );
  });

  it('declares its parameters and max batch, and builds the policy from a config', () => {
    assert.deepStrictEqual(
      aimdStrategy.params.map((p) => [p.key, p.short, p.default]),
      [
        ['maxBatch', 'max', 8],
        ['sloMs', 'slo', null],
        ['additiveStep', 'step', 1],
        ['backoffFactor', 'backoff', 0.9],
        ['startBatch', 'start', 1],
      ],
    );
    assert.strictEqual(aimdStrategy.queuePolicy, true);
    assert.strictEqual(aimdStrategy.maxBatch(config), 32);
    const policy = aimdStrategy.create(
      { ...config, startBatch: 3 },
      { calibration: [], sloMs: null, instances: 1 },
    );
    assert.ok(policy instanceof AimdBatchingPolicy);
    assert.deepStrictEqual([policy.name, policy.maxBatch, policy.sloMs], ['aimd', 32, 20]);
    assert.deepStrictEqual(policy.observe(), { capBatch: 3 });
  });

  it('rejects a backoff that cannot shrink and a start above max batch', () => {
    const spec = (key: string) => aimdStrategy.params.find((p) => p.key === key)!;
    assert.ok(paramProblem(spec('backoffFactor'), 0, null));
    assert.ok(paramProblem(spec('additiveStep'), 0, null));
    assert.strictEqual(paramProblem(spec('backoffFactor'), 0.5, null), null);
    assert.deepStrictEqual(aimdStrategy.crossCheck!(config), []);
    assert.deepStrictEqual(
      aimdStrategy.crossCheck!({ ...config, backoffFactor: 1, startBatch: 33 }).map(([k]) => k),
      ['backoffFactor', 'startBatch'],
    );
  });
});
