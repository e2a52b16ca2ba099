import * as assert from 'assert';
import { createPolicy, strategyLabel } from '../../../src/engine/strategies/createPolicy';

describe('createPolicy and strategyLabel', () => {
  it('builds each policy with its name and max batch', () => {
    assert.deepStrictEqual(
      [
        createPolicy({ name: 'none' }),
        createPolicy({ name: 'static', batchSize: 8 }),
        createPolicy({ name: 'dynamic', maxBatch: 16, maxDelayMs: 2, preferredBatch: [] }),
      ].map((p) => [p.name, p.maxBatch]),
      [
        ['none', 1],
        ['static', 8],
        ['dynamic', 16],
      ],
    );
  });

  it('labels strategies readably and distinctly', () => {
    assert.strictEqual(strategyLabel({ name: 'none' }), 'none');
    assert.strictEqual(strategyLabel({ name: 'static', batchSize: 8 }), 'static(8)');
    assert.strictEqual(
      strategyLabel({ name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] }),
      'dynamic(max=8, delay=2ms)',
    );
    assert.strictEqual(
      strategyLabel({ name: 'dynamic', maxBatch: 8, maxDelayMs: 0.1 + 0.2, preferredBatch: [8, 4] }),
      'dynamic(max=8, delay=0.3ms, pref=4,8)',
    );
  });

  it('rejects knobs out of range with a message naming the knob and the value', () => {
    assert.throws(() => createPolicy({ name: 'static', batchSize: 0 }), /static batch size must be .*got 0/);
    assert.throws(() => createPolicy({ name: 'static', batchSize: 2.5 }), /whole number/);
    assert.throws(
      () => createPolicy({ name: 'dynamic', maxBatch: 8, maxDelayMs: -1, preferredBatch: [] }),
      /max queue delay .*got -1/,
    );
    assert.throws(
      () => createPolicy({ name: 'dynamic', maxBatch: 8, maxDelayMs: 1, preferredBatch: [4, 16] }),
      /preferred batch size 16 is larger than the max batch size 8/,
    );
  });
});
