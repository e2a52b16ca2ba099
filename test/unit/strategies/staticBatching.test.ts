import * as assert from 'assert';
import { createPolicy } from './policyFor';
import { simulatePolicy } from './simulatePolicy';

describe('static policy', () => {
  it('dispatches only full batches, however long the first request waits', () => {
    const batches = simulatePolicy(createPolicy({ name: 'static', batchSize: 4 }), {
      arrivalsMs: [0, 100, 200, 300, 301, 302, 303, 304],
      serviceMs: () => 1,
      instances: 1,
    });
    assert.deepStrictEqual(
      batches.map((b) => [b.dispatchMs, b.size, b.flushed]),
      [
        [300, 4, false],
        [304, 4, false],
      ],
    );
  });

  it('flushes the final partial batch when the run drains, flagged as a flush', () => {
    const batches = simulatePolicy(createPolicy({ name: 'static', batchSize: 4 }), {
      arrivalsMs: [0, 1, 2, 3, 4, 5],
      serviceMs: () => 1,
      instances: 1,
    });
    assert.deepStrictEqual(
      batches.map((b) => [b.dispatchMs, b.ids, b.flushed]),
      [
        [3, [0, 1, 2, 3], false],
        [5, [4, 5], true],
      ],
    );
  });

  it('takes only batchSize even when more are queued', () => {
    const batches = simulatePolicy(createPolicy({ name: 'static', batchSize: 3 }), {
      arrivalsMs: [0, 0, 0, 0, 0, 0, 0],
      serviceMs: () => 10,
      instances: 1,
    });
    assert.deepStrictEqual(
      batches.map((b) => b.size),
      [3, 3, 1],
    );
    assert.deepStrictEqual(
      batches.map((b) => b.flushed),
      [false, false, true],
    );
  });
});
