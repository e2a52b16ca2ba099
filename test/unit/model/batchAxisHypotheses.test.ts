import { strict as assert } from 'node:assert';
import { axisOptions, batchAxisHypotheses } from '../../../src/engine/model/batchAxisHypotheses';
import { defaultDimValue } from '../../../src/engine/model/dimNames';
import { tensor } from './summaryFixture';

describe('batch axis candidates', () => {
  it('ranks batch-like names first, never guesses sequence or spatial dims, and always allows "no batch axis"', () => {
    assert.deepEqual(axisOptions(tensor('image', 'float32', ['N', 3, 'H', 'W'], null)), [0, null]);
    assert.deepEqual(axisOptions(tensor('state', 'float32', [2, 'batch', 32], null)), [1, null]);
    assert.deepEqual(axisOptions(tensor('h', 'float32', ['seq_len', 'batch_size', 8], null)), [1, null]);
    assert.deepEqual(axisOptions(tensor('pos', 'int64', ['sequence'], null)), [null]);
    assert.deepEqual(axisOptions(tensor('x', 'float32', [null, 4], null)), [0, null]);
    assert.deepEqual(axisOptions(tensor('t', 'float32', [], null)), [null]);
    assert.deepEqual(axisOptions(tensor('x', 'float32', [1, 64], null)), [null]);
  });

  it('probes the top choice first, then one input at a time moved, and keeps user overrides', () => {
    const inputs = [tensor('a', 'float32', ['batch', 'x'], null), tensor('b', 'float32', ['batch'], null)];
    assert.deepEqual(batchAxisHypotheses(inputs, {}), [
      [0, 0],
      [1, 0],
      [null, 0],
      [0, null],
    ]);
    assert.deepEqual(batchAxisHypotheses(inputs, { a: 1 }), [
      [1, 0],
      [1, null],
    ]);
  });

  it('defaults symbolic dims by name', () => {
    assert.equal(defaultDimValue('sequence'), 16);
    assert.equal(defaultDimValue('H'), 32);
    assert.equal(defaultDimValue('width'), 32);
    assert.equal(defaultDimValue('channels'), 3);
    assert.equal(defaultDimValue('something'), 16);
  });
});
