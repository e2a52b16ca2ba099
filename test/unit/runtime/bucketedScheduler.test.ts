/**
 * The scheduler side of bucketed batching: each request's size key reaches the policy through
 * the queue, and a dispatch with `select` takes exactly those queue positions.
 */
import * as assert from 'assert';
import { RecordBuffer } from '../../../src/engine/metrics/recordBuffer';
import { OpenLoopArrivals } from '../../../src/engine/runtime/arrivalSource';
import { NullExecutor } from '../../../src/engine/runtime/executor';
import { RequestQueue } from '../../../src/engine/runtime/requestQueue';
import { SchedulerCore } from '../../../src/engine/runtime/schedulerCore';
import { BucketedBatchingPolicy } from '../../../src/shared/strategies/bucketed';
import type { BatchingPolicy, QueueView } from '../../../src/shared/strategies/policy';

function contents(q: RequestQueue): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  const ids = new Int32Array(q.length);
  // Read through the view, then take everything to learn the ids (a copy is consumed).
  for (let i = 0; i < q.length; i++) out.push([-1, q.scheduledAt(i), q.enqueuedAt(i), q.sizeKey(i)]);
  const n = q.length;
  q.shiftInto(ids, n);
  for (let i = 0; i < n; i++) out[i][0] = ids[i];
  return out;
}

describe('RequestQueue size keys and select', () => {
  it('keeps each request’s size key (1 when none is given) through growth', () => {
    const q = new RequestQueue(2);
    q.push(0, 0, 0, 64);
    q.push(1, 1, 1);
    q.push(2, 2, 2, 300); // grows
    assert.deepStrictEqual([q.sizeKey(0), q.sizeKey(1), q.sizeKey(2)], [64, 1, 300]);
  });

  it('takes the selected positions in order and closes the gap, across the ring’s wrap-around', () => {
    const q = new RequestQueue(8);
    const out = new Int32Array(8);
    for (let id = 0; id < 6; id++) q.push(id, id, id + 0.5, 10 * id);
    q.shiftInto(out, 4); // head moves to slot 4
    for (let id = 6; id < 12; id++) q.push(id, id, id + 0.5, 10 * id); // wraps
    // Queue now: ids 4..11.
    q.takeInto(out, Int32Array.from([1, 4, 5]), 3);
    assert.deepStrictEqual(Array.from(out.subarray(0, 3)), [5, 8, 9]);
    assert.strictEqual(q.length, 5);
    assert.deepStrictEqual(
      contents(q),
      [4, 6, 7, 10, 11].map((id) => [id, id, id + 0.5, 10 * id]),
    );
  });

  it('rejects positions that do not ascend or lie outside the queue, without changing it', () => {
    const q = new RequestQueue(4);
    for (let id = 0; id < 4; id++) q.push(id, id, id, id);
    const out = new Int32Array(4);
    assert.throws(() => q.takeInto(out, [2, 1], 2), /ascending/);
    assert.throws(() => q.takeInto(out, [1, 1], 2), /ascending/);
    assert.throws(() => q.takeInto(out, [0, 4], 2), /ascending positions/);
    assert.strictEqual(q.length, 4);
    assert.deepStrictEqual(
      contents(q).map((r) => r[0]),
      [0, 1, 2, 3],
    );
  });
});

describe('SchedulerCore with size keys', () => {
  it('shows the policy each request’s size key and runs exactly the selected requests', () => {
    const n = 600;
    const times = Array.from({ length: n }, (_, i) => i * 0.05);
    // Keys as the engine derives them: a fixed table indexed by id modulo its length.
    const table = [10, 200, 30, 400, 50, 60, 700, 80, 9, 1000, 11, 120, 13];
    const sizeKeyOf = (id: number) => table[id % table.length];
    const bucketed = new BucketedBatchingPolicy({
      maxBatch: 4,
      maxDelayMs: 1,
      bounds: [64, 256],
      bucketCount: 4,
    });
    const seenKeys: Array<[number, number]> = [];
    let selected = 0;
    const spy: BatchingPolicy = {
      name: bucketed.name,
      maxBatch: bucketed.maxBatch,
      decide: (q: QueueView, s) => {
        for (let i = 0; i < q.length; i++) seenKeys.push([q.scheduledAt(i), q.sizeKey(i)]);
        const d = bucketed.decide(q, s);
        if (d.kind === 'dispatch' && d.select) selected++;
        return d;
      },
    };
    let now = 0;
    const records = new RecordBuffer(n);
    const core = new SchedulerCore({
      policy: spy,
      executor: new NullExecutor(1, 4, () => now),
      arrivals: new OpenLoopArrivals(Float64Array.from(times)),
      records,
      durationMs: 1000,
      originMs: 0,
      sizeKeyOf,
    });
    while (!core.finished) {
      const wake = core.step(now);
      now = Math.max(now + 0.01, Math.min(wake, now + 0.3));
    }
    assert.ok(selected > 10, `the policy dispatched with select ${selected} times`);
    // Scheduled time i·0.05 identifies request i: every key the policy saw is that request's.
    for (const [t, key] of seenKeys) assert.strictEqual(key, sizeKeyOf(Math.round(t / 0.05)));

    const { batches } = records.toColumns();
    const count = new Uint8Array(n);
    const bucketOf = (k: number) => (k <= 64 ? 0 : k <= 256 ? 1 : 2);
    for (let b = 0; b < batches.size.length; b++) {
      const members = Array.from(
        batches.members.subarray(batches.firstMember[b], batches.firstMember[b] + batches.size[b]),
      );
      for (const id of members) count[id]++;
      assert.strictEqual(
        new Set(members.map((id) => bucketOf(sizeKeyOf(id)))).size,
        1,
        `batch ${b} mixes buckets: ${members.map((id) => `${id}:${sizeKeyOf(id)}`)}`,
      );
    }
    assert.ok(
      count.every((c) => c === 1),
      'every request ran exactly once',
    );
  });
});
