/**
 * The engine's main thread knows each request's size key from the same pure draw the workers
 * build their input pools on: the two must agree for every request id.
 */
import { strict as assert } from 'node:assert';
import {
  drawRequestDims,
  makeRequestInputPool,
  requestInputFor,
  requestSizeKeys,
} from '../../../src/engine/model/requestInputs';
import { summaryOf, tensor } from './summaryFixture';

const summary = summaryOf(
  [
    tensor('input_ids', 'int64', ['batch', 'seq'], 0),
    tensor('image', 'float32', ['batch', 3, 'h', 'w'], 0),
    tensor('temperature', 'float32', [], null),
  ],
  [],
  [
    { name: 'seq', min: 2, max: 40, source: 'user' },
    { name: 'h', min: 4, max: 8, source: 'user' },
    { name: 'w', min: 5, max: 5, source: 'default' },
  ],
);

describe('request size keys', () => {
  it('match the dims of the worker pool entry every request id maps to', () => {
    const seed = 1234;
    const poolSize = 16;
    const keys = requestSizeKeys(summary, seed, poolSize);
    const pool = makeRequestInputPool(summary, seed, poolSize);
    assert.equal(keys.length, poolSize);
    for (let id = 0; id < 100; id++) {
      const input = requestInputFor(pool, id);
      const [, seq] = input.tensors.input_ids.shape;
      const [, , h, w] = input.tensors.image.shape;
      assert.equal(keys[id % keys.length], seq * h * w, `request ${id}`);
    }
    assert.ok(new Set(keys).size > 5, 'keys vary across the pool');
  });

  it('are a pure function of the model, the seed and the pool size', () => {
    assert.deepEqual(drawRequestDims(summary, 9, 8), drawRequestDims(summary, 9, 8));
    assert.notDeepEqual(requestSizeKeys(summary, 9, 8), requestSizeKeys(summary, 10, 8));
    // The first entries do not depend on how many follow.
    assert.deepEqual(drawRequestDims(summary, 9, 8).slice(0, 4), drawRequestDims(summary, 9, 4));
  });

  it('are 1 for a model without symbolic dims', () => {
    const fixed = summaryOf([tensor('x', 'float32', ['batch', 4], 0)], []);
    assert.deepEqual(Array.from(requestSizeKeys(fixed, 3, 5)), [1, 1, 1, 1, 1]);
  });
});
