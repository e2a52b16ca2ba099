import * as assert from 'assert';
import { createRng } from '../../../src/engine/workload/rng';
import {
  BucketedBatchingPolicy,
  quantileBounds,
  RELEARN_EVERY,
  type BucketedBatchingOptions,
} from '../../../src/shared/strategies/bucketed';
import { DynamicBatchingPolicy } from '../../../src/shared/strategies/dynamic';
import type { PolicyDecision, QueueView } from '../../../src/shared/strategies/policy';
import { findStrategy } from '../../../src/shared/strategies/registry';
import { createPolicy, strategyLabel } from '../../../src/shared/strategies/strategyConfigs';
import { parseStrategySpec } from '../../../src/shared/strategies/strategySpec';
import { simulate, type SimulatedBatch } from './simulatePolicy';

const bucketed = (o: Partial<BucketedBatchingOptions> = {}) =>
  new BucketedBatchingPolicy({ maxBatch: 8, maxDelayMs: 2, bounds: [], bucketCount: 4, ...o });

/** A queue of requests with these size keys, enqueued (and scheduled) at these times. */
function queueOf(keys: number[], enqueuedMs: number[] = keys.map(() => 0)): QueueView {
  return {
    length: keys.length,
    scheduledAt: (i) => enqueuedMs[i],
    enqueuedAt: (i) => enqueuedMs[i],
    sizeKey: (i) => keys[i],
    priority: () => 0,
  };
}

/** The view positions a decision takes. */
function taken(d: PolicyDecision): number[] {
  assert.strictEqual(d.kind, 'dispatch', `expected a dispatch, got ${JSON.stringify(d)}`);
  if (d.kind !== 'dispatch') return [];
  return d.select ? Array.from(d.select) : Array.from({ length: d.count }, (_, i) => i);
}

const at = (now: number, draining = false) => ({ now, idleInstances: 1, draining });

/**
 * Total padding of a run: padding elements over all elements fed, where a batch feeds
 * size × its widest member and its members need the sum of their keys.
 */
function totalPadding(batches: SimulatedBatch[], keys: number[]): number {
  let fed = 0;
  let real = 0;
  for (const b of batches) {
    const ks = b.ids.map((id) => keys[id]);
    fed += b.size * Math.max(...ks);
    real += ks.reduce((a, k) => a + k, 0);
  }
  return (fed - real) / fed;
}

/** Mean of the per-batch padding fractions. */
function meanBatchPadding(batches: SimulatedBatch[], keys: number[]): number {
  let sum = 0;
  for (const b of batches) {
    const ks = b.ids.map((id) => keys[id]);
    const fed = b.size * Math.max(...ks);
    sum += (fed - ks.reduce((a, k) => a + k, 0)) / fed;
  }
  return sum / batches.length;
}

describe('bucketed policy', () => {
  it('under saturation, at least halves the padding of dynamic batching and finishes the same arrivals sooner', () => {
    // Sequence lengths 16..256, far more traffic than one instance serves; a batch costs
    // size × its widest member (what padding to the widest member costs a real model).
    const rng = createRng(11);
    const n = 4000;
    const keys = Array.from({ length: n }, () => 16 + Math.floor(rng() * 241));
    const arrivalsMs = Array.from({ length: n }, (_, i) => i * 0.05);
    const serviceMs = (size: number, ks: number[]) => 0.002 * size * Math.max(...ks);
    const run = (policy: BucketedBatchingPolicy | DynamicBatchingPolicy) =>
      simulate(policy, { arrivalsMs, serviceMs, instances: 1, sizeKeys: keys });
    const dyn = run(new DynamicBatchingPolicy({ maxBatch: 8, maxDelayMs: 2, preferredBatch: [] }));
    const buck = run(bucketed({ maxBatch: 8, maxDelayMs: 2, bucketCount: 4 }));

    for (const r of [dyn, buck]) {
      const seen = new Uint8Array(n);
      for (const b of r.batches) for (const id of b.ids) seen[id]++;
      assert.ok(
        seen.every((c) => c === 1),
        'every request runs exactly once',
      );
    }
    const padDyn = totalPadding(dyn.batches, keys);
    const padBuck = totalPadding(buck.batches, keys);
    assert.ok(padDyn > 0.3, `dynamic pads ${padDyn.toFixed(3)}: the scenario should have padding to remove`);
    assert.ok(padBuck <= padDyn / 2, `bucketed pads ${padBuck.toFixed(3)}, dynamic ${padDyn.toFixed(3)}`);
    const meanDyn = meanBatchPadding(dyn.batches, keys);
    const meanBuck = meanBatchPadding(buck.batches, keys);
    assert.ok(
      meanBuck < meanDyn,
      `mean batch padding: bucketed ${meanBuck.toFixed(3)}, dynamic ${meanDyn.toFixed(3)}`,
    );

    // Both keep the instance busy and batches full; bucketed's batches are cheaper.
    const busy = (bs: SimulatedBatch[]) => bs.reduce((a, b) => a + (b.doneMs - b.dispatchMs), 0);
    const end = (bs: SimulatedBatch[]) => Math.max(...bs.map((b) => b.doneMs));
    const tputDyn = n / busy(dyn.batches);
    const tputBuck = n / busy(buck.batches);
    assert.ok(
      tputBuck > 1.2 * tputDyn,
      `throughput: bucketed ${tputBuck.toFixed(2)}/ms, dynamic ${tputDyn.toFixed(2)}/ms`,
    );
    assert.ok(end(buck.batches) < end(dyn.batches), 'bucketed finishes the same arrivals sooner');
    const fullShare = buck.batches.filter((b) => b.size === 8).length / buck.batches.length;
    assert.ok(fullShare > 0.9, `bucketed batches are full under saturation (${fullShare.toFixed(2)})`);
  });

  describe('explicit bounds', () => {
    it('puts a key in the first bucket whose inclusive upper bound holds it, larger keys in one more', () => {
      const p = bucketed({ bounds: [128, 64, 128] }); // sorted and deduplicated
      assert.deepStrictEqual(p.bounds(), [64, 128]);
      assert.deepStrictEqual(
        [1, 64, 65, 128, 129, 10_000].map((k) => p.bucketOf(k)),
        [0, 0, 1, 1, 2, 2],
      );
    });

    it('batches each bucket on its own, taking its requests with select', () => {
      const p = bucketed({ maxBatch: 2, bounds: [64, 128] });
      // Buckets: 0 → [1, 4], 1 → [0, 3], 2 → [2, 5]. Bucket 1's head (position 0) is oldest.
      const q = queueOf([100, 10, 200, 120, 50, 300]);
      const d = p.decide(q, at(0));
      assert.deepStrictEqual(taken(d), [0, 3]);
      assert.ok(d.kind === 'dispatch' && d.select !== undefined, 'a non-contiguous batch uses select');
      // In simulation: every batch holds one bucket only.
      const keys = [100, 10, 200, 120, 50, 300, 60, 70, 250, 90];
      const r = simulate(bucketed({ maxBatch: 2, bounds: [64, 128] }), {
        arrivalsMs: keys.map(() => 0),
        serviceMs: () => 1,
        instances: 1,
        sizeKeys: keys,
      });
      assert.deepStrictEqual(
        r.batches.map((b) => b.ids),
        [[0, 3], [1, 4], [2, 5], [6], [7, 9], [8]],
      );
      const bucketOf = (k: number) => (k <= 64 ? 0 : k <= 128 ? 1 : 2);
      for (const b of r.batches)
        assert.strictEqual(
          new Set(b.ids.map((id) => bucketOf(keys[id]))).size,
          1,
          `batch ${b.ids} mixes buckets`,
        );
    });
  });

  describe('learned bounds', () => {
    it('computes quantile bounds: j/buckets of the keys at or below bound j, ties merged', () => {
      assert.deepStrictEqual(quantileBounds([8, 7, 6, 5, 4, 3, 2, 1], 4), [2, 4, 6]);
      assert.deepStrictEqual(quantileBounds([5, 5, 5, 5, 9], 4), [5]);
      assert.deepStrictEqual(quantileBounds([3, 3, 3], 4), []);
      assert.deepStrictEqual(quantileBounds([], 4), []);
      assert.deepStrictEqual(quantileBounds([1, 2, 3], 1), []);
    });

    it('learns the quartiles of the size keys it sees arrive, and follows a shift in them', () => {
      const p = bucketed({ maxBatch: 4, maxDelayMs: 1000, bucketCount: 4 });
      assert.deepStrictEqual(p.bounds(), [], 'one bucket before any key is seen');
      // 512 requests with keys 1..128 (each four times), in a shuffled order, seen as they arrive.
      const rng = createRng(5);
      const keys = Array.from({ length: 512 }, (_, i) => (i % 128) + 1);
      for (let i = keys.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [keys[i], keys[j]] = [keys[j], keys[i]];
      }
      const times = keys.map((_, i) => i);
      for (let i = 1; i <= keys.length; i++) p.decide(queueOf(keys.slice(0, i), times.slice(0, i)), at(i));
      assert.deepStrictEqual(p.bounds(), [32, 64, 96]);

      // The traffic shifts to keys 1001..1100: the bounds follow once the recent sample is of them.
      const late = Array.from({ length: 1200 }, (_, i) => 1001 + (i % 100));
      const all = [...keys, ...late];
      const allTimes = all.map((_, i) => i);
      let before: readonly number[] = [];
      for (let i = keys.length + 1; i <= all.length; i++) {
        if (i === all.length - RELEARN_EVERY + 1) before = p.bounds();
        // The queue holds the last 50 arrivals (older ones were served).
        const from = Math.max(0, i - 50);
        p.decide(queueOf(all.slice(from, i), allTimes.slice(from, i)), at(i));
      }
      const now = p.bounds();
      assert.strictEqual(now.length, 3);
      [1025, 1050, 1075].forEach((q, j) => assert.ok(Math.abs(now[j] - q) <= 2, `bounds ${now}`));
      assert.ok(
        before.length === 3 && before.every((b) => b > 1000),
        `bounds learned from the shifted sample: ${before}`,
      );
    });

    it('recomputes learned bounds only every RELEARN_EVERY new keys once it has that many', () => {
      const p = bucketed({ maxDelayMs: 1000, bucketCount: 2 });
      const keys: number[] = [];
      const times: number[] = [];
      const push = (k: number) => {
        keys.push(k);
        times.push(keys.length);
        p.decide(queueOf(keys.slice(-20), times.slice(-20)), at(keys.length));
      };
      // While fewer than RELEARN_EVERY keys were seen, every new key relearns.
      for (let i = 0; i < 40; i++) push(10);
      assert.deepStrictEqual(p.bounds(), [], 'one key value: one bucket');
      push(30);
      assert.deepStrictEqual(p.bounds(), [10]);
      for (let i = 41; i < RELEARN_EVERY; i++) push(30);
      assert.deepStrictEqual(p.bounds(), [10]);
      for (let i = 0; i < RELEARN_EVERY - 1; i++) push(20);
      // 40 × 10, 63 × 20, 24 × 30: the median is 20 now, but the bounds wait for the 64th new key.
      assert.deepStrictEqual(p.bounds(), [10]);
      push(20);
      assert.deepStrictEqual(p.bounds(), [20]);
    });

    it('does not count a waiting request twice', () => {
      const p = bucketed({ maxDelayMs: 1000, bucketCount: 2 });
      // Ten small keys, then the same queue asked about again and again: still ten keys in the sample.
      const q = queueOf(
        Array(10).fill(5),
        Array.from({ length: 10 }, (_, i) => i),
      );
      for (let k = 0; k < 100; k++) p.decide(q, at(10 + k));
      const q2 = queueOf(
        [...Array(10).fill(5), ...Array(11).fill(50)],
        Array.from({ length: 21 }, (_, i) => i),
      );
      p.decide(q2, at(200));
      // 10 × 5 and 11 × 50: the median is 50 (equal to the largest key, so no bound), unless the fives were counted twice.
      assert.deepStrictEqual(p.bounds(), []);
    });
  });

  describe('dispatch order and timing', () => {
    it('a full bucket goes at once, before its delay', () => {
      const p = bucketed({ maxBatch: 2, maxDelayMs: 5, bounds: [10] });
      const q = queueOf([50, 5, 60], [0, 1, 2]);
      assert.deepStrictEqual(taken(p.decide(q, at(2))), [0, 2]);
    });

    it('oldest bucket first: of two full buckets, the one whose oldest request came first', () => {
      const p = bucketed({ maxBatch: 2, maxDelayMs: 5, bounds: [10] });
      // Bucket 0 (keys ≤ 10) holds positions 1, 2; bucket 1 holds 0, 3: bucket 1 is older.
      assert.deepStrictEqual(taken(p.decide(queueOf([50, 5, 6, 60], [0, 1, 2, 3]), at(3))), [0, 3]);
      // Swapped: now bucket 0 is older, whatever its index.
      assert.deepStrictEqual(taken(p.decide(queueOf([5, 50, 60, 6], [0, 1, 2, 3]), at(3))), [0, 3]);
      assert.deepStrictEqual(taken(p.decide(queueOf([50, 5, 6, 60, 70], [0, 1, 2, 3, 4]), at(4))), [0, 3]);
    });

    it('oldest bucket first: an expired bucket goes before a younger full one', () => {
      const p = bucketed({ maxBatch: 2, maxDelayMs: 5, bounds: [10] });
      // Bucket 1's request waited since 0 (expired at 5); bucket 0 is full but younger.
      assert.deepStrictEqual(taken(p.decide(queueOf([50, 5, 6], [0, 3, 4]), at(5))), [0]);
      // Before the expiry the full bucket goes.
      assert.deepStrictEqual(taken(p.decide(queueOf([50, 5, 6], [0, 3, 4]), at(4.9))), [1, 2]);
    });

    it('waits until the earliest bucket head reaches its delay, then sends that bucket', () => {
      const p = bucketed({ maxBatch: 8, maxDelayMs: 2, bounds: [10] });
      const q = queueOf([50, 5, 60, 6], [1, 1.5, 2, 2.5]);
      assert.deepStrictEqual(p.decide(q, at(2.5)), { kind: 'wait', until: 3 });
      assert.deepStrictEqual(p.decide(q, at(2.999)), { kind: 'wait', until: 3 });
      assert.deepStrictEqual(taken(p.decide(q, at(3))), [0, 2]);
      // The other bucket (heads enqueued at 1.5) expires at 3.5.
      const rest = queueOf([5, 6], [1.5, 2.5]);
      assert.deepStrictEqual(p.decide(rest, at(3)), { kind: 'wait', until: 3.5 });
      assert.deepStrictEqual(taken(p.decide(rest, at(3.5))), [0, 1]);
    });

    it('in simulation, dispatches each bucket at its head’s enqueue + delay, with what came meanwhile', () => {
      const keys = [50, 5, 60, 6, 70];
      const r = simulate(bucketed({ maxBatch: 8, maxDelayMs: 2, bounds: [10] }), {
        arrivalsMs: [0, 0.5, 1, 1.5, 10],
        serviceMs: () => 0.1,
        instances: 1,
        sizeKeys: keys,
      });
      assert.deepStrictEqual(
        r.batches.map((b) => [b.dispatchMs, b.ids, b.flushed]),
        [
          [2, [0, 2], false],
          [2.5, [1, 3], false],
          // Last arrival: draining, so it goes at once, marked as a flush.
          [10, [4], true],
        ],
      );
    });

    it('a zero delay sends the oldest bucket at once', () => {
      const zero = bucketed({ maxBatch: 8, maxDelayMs: 0, bounds: [10] });
      const d = zero.decide(queueOf([5, 50, 6], [0, 1, 2]), at(2));
      assert.deepStrictEqual(taken(d), [0, 2]);
      assert.ok(d.kind === 'dispatch' && d.flushed !== true);
    });

    it('when draining, flushes the oldest bucket at once, marked flushed', () => {
      const p = bucketed({ maxBatch: 8, maxDelayMs: 5, bounds: [10] });
      assert.deepStrictEqual(p.decide(queueOf([50, 5, 6], [0, 1, 2]), at(2)), { kind: 'wait', until: 5 });
      const d = p.decide(queueOf([50, 5, 6], [0, 1, 2]), at(2, true));
      assert.deepStrictEqual(taken(d), [0]);
      assert.ok(d.kind === 'dispatch' && d.flushed === true);
      // A contiguous batch needs no select: a plain count, as dynamic sends.
      assert.deepStrictEqual(p.decide(queueOf([5, 6, 50], [0, 1, 2]), at(2, true)), {
        kind: 'dispatch',
        count: 2,
        flushed: true,
      });
    });
  });

  describe('descriptor', () => {
    const ctx = { calibration: [], sloMs: null, instances: 1 };

    it('is registered, parses from a spec and labels learned and explicit buckets', () => {
      assert.ok(findStrategy('bucketed'));
      const learned = parseStrategySpec('bucketed');
      assert.deepStrictEqual(learned, {
        name: 'bucketed',
        maxBatch: 8,
        maxDelayMs: 2,
        bucketBounds: [],
        bucketCount: 4,
        maxQueue: 0,
        timeoutMs: 0,
        timeoutAction: 'reject',
      });
      assert.strictEqual(strategyLabel(learned), 'bucketed(max=8, delay=2ms, buckets=4)');
      assert.strictEqual(
        strategyLabel(parseStrategySpec('bucketed(max=16,delay=1.5,buckets=6)')),
        'bucketed(max=16, delay=1.5ms, buckets=6)',
      );
      const explicit = parseStrategySpec('bucketed(bounds=128/64/256)');
      assert.deepStrictEqual(explicit.bucketBounds, [128, 64, 256]);
      assert.strictEqual(strategyLabel(explicit), 'bucketed(max=8, delay=2ms, bounds=64/128/256)');
      const policy = createPolicy(explicit, ctx) as BucketedBatchingPolicy;
      assert.strictEqual(policy.name, 'bucketed');
      assert.strictEqual(policy.maxBatch, 8);
      assert.deepStrictEqual(policy.bounds(), [64, 128, 256]);
    });

    it('rejects bounds that are not positive whole numbers, and bounds together with a bucket count', () => {
      assert.throws(
        () => parseStrategySpec('bucketed(bounds=0/64)'),
        /Bucket bounds must be a list of whole numbers/,
      );
      assert.throws(
        () => parseStrategySpec('bucketed(bounds=6.5)'),
        /Bucket bounds must be a list of whole numbers/,
      );
      assert.throws(() => parseStrategySpec('bucketed(buckets=0)'), /Learned buckets must be/);
      assert.throws(
        () => parseStrategySpec('bucketed(bounds=64/128,buckets=3)'),
        /either bucket bounds or a number of buckets/,
      );
    });
  });
});
