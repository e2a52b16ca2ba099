import * as assert from 'assert';
import { createPolicy } from './policyFor';
import type { QueueView } from '../../../src/shared/strategies/policy';
import { simulatePolicy } from './simulatePolicy';

const dynamic = (maxBatch: number, maxDelayMs: number, preferredBatch: number[] = []) =>
  createPolicy({ name: 'dynamic', maxBatch, maxDelayMs, preferredBatch });

/** A queue whose requests were enqueued at the given times (scheduled = enqueued - 0.5). */
function queueOf(enqueuedMs: number[]): QueueView {
  return {
    length: enqueuedMs.length,
    scheduledAt: (i) => enqueuedMs[i] - 0.5,
    enqueuedAt: (i) => enqueuedMs[i],
    sizeKey: () => 1,
    priority: () => 0,
  };
}

describe('dynamic policy', () => {
  it('waits until exactly the oldest request’s enqueue time + max delay, then dispatches what is queued', () => {
    const policy = dynamic(8, 2.5);
    const queue = queueOf([10, 11]);
    assert.deepStrictEqual(policy.decide(queue, { now: 11, idleInstances: 1, draining: false }), {
      kind: 'wait',
      until: 12.5,
    });
    assert.deepStrictEqual(policy.decide(queue, { now: 12.4999, idleInstances: 1, draining: false }), {
      kind: 'wait',
      until: 12.5,
    });
    assert.deepStrictEqual(policy.decide(queue, { now: 12.5, idleInstances: 1, draining: false }), {
      kind: 'dispatch',
      count: 2,
    });
  });

  it('measures the delay from enqueue, not from the scheduled arrival', () => {
    const policy = dynamic(8, 2);
    const late: QueueView = {
      length: 1,
      scheduledAt: () => 0,
      enqueuedAt: () => 5,
      sizeKey: () => 1,
      priority: () => 0,
    };
    assert.deepStrictEqual(policy.decide(late, { now: 5, idleInstances: 1, draining: false }), {
      kind: 'wait',
      until: 7,
    });
  });

  it('in simulation, dispatches at enqueue + delay with the requests that came meanwhile', () => {
    const batches = simulatePolicy(dynamic(8, 2), {
      arrivalsMs: [0, 0.5, 1.5, 10, 20],
      serviceMs: () => 1,
      instances: 1,
    });
    assert.deepStrictEqual(
      batches.map((b) => [b.dispatchMs, b.ids, b.flushed]),
      [
        [2, [0, 1, 2], false],
        [12, [3], false],
        // Last arrival: the run is draining, so it goes at once, marked as a flush.
        [20, [4], true],
      ],
    );
  });

  it('dispatches a full batch at once, without waiting for the delay', () => {
    const batches = simulatePolicy(dynamic(4, 100), {
      arrivalsMs: [0, 1, 2, 3, 4, 5, 6, 7, 500],
      serviceMs: () => 0.5,
      instances: 1,
    });
    assert.deepStrictEqual(
      batches.slice(0, 2).map((b) => [b.dispatchMs, b.size]),
      [
        [3, 4],
        [7, 4],
      ],
    );
  });

  it('never dispatches more than max batch, even when more are queued', () => {
    const decision = dynamic(4, 1).decide(queueOf([0, 0, 0, 0, 0, 0]), {
      now: 50,
      idleInstances: 1,
      draining: true,
    });
    assert.deepStrictEqual(decision, { kind: 'dispatch', count: 4 });
  });

  it('dispatches the largest preferred size that fits at once, before the delay expires', () => {
    const policy = dynamic(16, 100, [4, 8]);
    const state = { now: 1, idleInstances: 1, draining: false };
    assert.deepStrictEqual(policy.decide(queueOf([0, 0, 0]), state), { kind: 'wait', until: 100 });
    assert.deepStrictEqual(policy.decide(queueOf([0, 0, 0, 0, 0]), state), { kind: 'dispatch', count: 4 });
    assert.deepStrictEqual(policy.decide(queueOf(new Array(7).fill(0)), state), {
      kind: 'dispatch',
      count: 4,
    });
    // The largest preferred size caps the batch (Triton's max preferred batch size).
    assert.deepStrictEqual(policy.decide(queueOf(new Array(12).fill(0)), state), {
      kind: 'dispatch',
      count: 8,
    });
  });

  it('with preferred sizes, sends everything pending (not just a preferred size) once the delay expired', () => {
    const policy = dynamic(16, 2, [4, 8]);
    const decision = policy.decide(queueOf([0, 0, 0, 0, 0, 0]), {
      now: 2,
      idleInstances: 1,
      draining: false,
    });
    assert.deepStrictEqual(decision, { kind: 'dispatch', count: 6 });
  });

  it('in simulation, preferred sizes cut batches at the preferred size as soon as it forms', () => {
    const batches = simulatePolicy(dynamic(8, 50, [2, 4]), {
      arrivalsMs: [0, 1, 2, 3, 4, 5, 200],
      serviceMs: () => 10,
      instances: 1,
    });
    assert.deepStrictEqual(
      batches.map((b) => [b.dispatchMs, b.size]),
      [
        [1, 2], // preferred size 2 formed at t=1
        [11, 4], // instance free at 11: 4 queued (2..5), the largest preferred size
        [200, 1],
      ],
    );
  });

  it('keeps growing the batch while every instance is busy', () => {
    // Arrivals every 1 ms, service 10 ms, delay 2 ms.
    const arrivalsMs = Array.from({ length: 40 }, (_, i) => i);
    const oneInstance = simulatePolicy(dynamic(8, 2), { arrivalsMs, serviceMs: () => 10, instances: 1 });
    const manyInstances = simulatePolicy(dynamic(8, 2), { arrivalsMs, serviceMs: () => 10, instances: 8 });
    // Both start the same way: the first batch leaves at the delay with 3 requests.
    assert.deepStrictEqual([oneInstance[0].dispatchMs, oneInstance[0].size], [2, 3]);
    assert.deepStrictEqual([manyInstances[0].dispatchMs, manyInstances[0].size], [2, 3]);
    // With the only instance busy until 12, the next batch grew past what the delay alone gives.
    assert.deepStrictEqual([oneInstance[1].dispatchMs, oneInstance[1].size], [12, 8]);
    assert.strictEqual(manyInstances[1].size, 3, 'with idle instances the delay cuts the batch at 3');
    const mean = (b: { size: number }[]) => b.reduce((s, x) => s + x.size, 0) / b.length;
    assert.ok(mean(oneInstance) > mean(manyInstances) + 2, 'busy instances make batches larger on average');
  });

  it('dispatches what is queued at once when draining, marked as a flush', () => {
    const policy = dynamic(8, 100);
    assert.deepStrictEqual(policy.decide(queueOf([0, 1, 2]), { now: 3, idleInstances: 1, draining: true }), {
      kind: 'dispatch',
      count: 3,
      flushed: true,
    });
    // A batch the rules would send anyway is not a flush.
    assert.deepStrictEqual(
      policy.decide(queueOf([0, 1, 2]), { now: 100, idleInstances: 1, draining: true }),
      {
        kind: 'dispatch',
        count: 3,
      },
    );
  });

  it('waits with no wake-up time on an empty queue', () => {
    assert.deepStrictEqual(dynamic(8, 2).decide(queueOf([]), { now: 5, idleInstances: 1, draining: false }), {
      kind: 'wait',
    });
  });

  it('with a zero delay still cuts at a preferred size where one fits (as Triton does)', () => {
    const policy = dynamic(16, 0, [4, 8]);
    const state = { now: 0, idleInstances: 1, draining: false };
    assert.deepStrictEqual(policy.decide(queueOf([0, 0, 0, 0, 0, 0]), state), { kind: 'dispatch', count: 4 });
    assert.deepStrictEqual(policy.decide(queueOf([0, 0, 0]), state), { kind: 'dispatch', count: 3 });
  });

  it('with a zero delay behaves like "dispatch whatever is there"', () => {
    const batches = simulatePolicy(dynamic(8, 0), {
      arrivalsMs: [0, 1, 2, 3, 4],
      serviceMs: () => 2.5,
      instances: 1,
    });
    assert.deepStrictEqual(
      batches.map((b) => [b.dispatchMs, b.size]),
      [
        [0, 1],
        [2.5, 2],
        [5, 2],
      ],
    );
  });
});
