import * as assert from 'assert';
import { createPolicy } from './policyFor';
import { simulatePolicy } from './simulatePolicy';

describe('none policy', () => {
  it('dispatches one request at a time, first in first out, as soon as an instance is free', () => {
    const batches = simulatePolicy(createPolicy({ name: 'none' }), {
      arrivalsMs: [0, 1, 2, 3, 20],
      serviceMs: () => 5,
      instances: 1,
    });
    assert.deepStrictEqual(
      batches.map((b) => [b.dispatchMs, b.ids]),
      [
        [0, [0]],
        [5, [1]],
        [10, [2]],
        [15, [3]],
        [20, [4]],
      ],
    );
    assert.ok(batches.every((b) => !b.flushed));
  });

  it('uses every idle instance', () => {
    const batches = simulatePolicy(createPolicy({ name: 'none' }), {
      arrivalsMs: [0, 0, 0],
      serviceMs: () => 5,
      instances: 2,
    });
    assert.deepStrictEqual(
      batches.map((b) => [b.dispatchMs, b.instance]),
      [
        [0, 0],
        [0, 1],
        [5, 0],
      ],
    );
  });
});
