import { strict as assert } from 'node:assert';
import { makeRequestInputPool, requestInputFor } from '../../../src/engine/model/requestInputs';
import { SYNTHETIC_INT_RANGE, toHalfBits } from '../../../src/engine/model/tensorData';
import { summaryOf, tensor } from './summaryFixture';

const summary = summaryOf(
  [
    tensor('input_ids', 'int64', ['batch', 'seq'], 0),
    tensor('attention_mask', 'int64', ['batch', 'seq'], 0),
    tensor('pixels', 'float16', ['batch', 2], 0),
    tensor('flags', 'bool', ['batch', 4], 0),
    tensor('small', 'int8', ['batch', 8], 0),
    tensor('state', 'float64', [2, 'batch', 3], 1),
    tensor('temperature', 'float32', [], null),
    tensor('scale', 'int32', [3], null),
  ],
  [],
  [{ name: 'seq', min: 2, max: 9, source: 'user' }],
  { scale: [7, 8, 9] },
);

describe('synthetic request inputs', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = makeRequestInputPool(summary, 42, 4);
    const b = makeRequestInputPool(summary, 42, 4);
    const c = makeRequestInputPool(summary, 43, 4);
    assert.deepEqual(a, b);
    assert.notDeepEqual(
      a.map((r) => Array.from(r.tensors.state.data as Float64Array)),
      c.map((r) => Array.from(r.tensors.state.data as Float64Array)),
    );
  });

  it('draws symbolic dims per request inside their range and shapes tensors with a batch axis of 1', () => {
    const pool = makeRequestInputPool(summary, 1, 40);
    const seen = new Set<number>();
    for (const r of pool) {
      const seq = r.dims.seq;
      assert.ok(seq >= 2 && seq <= 9, `seq ${seq} outside 2..9`);
      seen.add(seq);
      assert.deepEqual(r.tensors.input_ids.shape, [1, seq]);
      assert.deepEqual(r.tensors.state.shape, [2, 1, 3]);
      assert.deepEqual(r.tensors.temperature.shape, []);
    }
    assert.ok(seen.size > 3, 'the dim should vary across the pool');
  });

  it('uses the right storage for each dtype and small non-negative integers', () => {
    const [r] = makeRequestInputPool(summary, 7, 1);
    assert.ok(r.tensors.input_ids.data instanceof BigInt64Array);
    for (const v of r.tensors.input_ids.data as BigInt64Array)
      assert.ok(v >= 0n && v < BigInt(SYNTHETIC_INT_RANGE));
    assert.ok(
      (r.tensors.attention_mask.data as BigInt64Array).every((v) => v === 1n),
      'masks are all ones',
    );
    assert.ok(r.tensors.pixels.data instanceof Uint16Array);
    assert.ok(r.tensors.flags.data instanceof Uint8Array);
    assert.ok((r.tensors.flags.data as Uint8Array).every((v) => v === 0 || v === 1));
    assert.ok(r.tensors.small.data instanceof Int8Array);
    assert.ok((r.tensors.small.data as Int8Array).every((v) => v >= 0 && v < SYNTHETIC_INT_RANGE));
    assert.ok(r.tensors.state.data instanceof Float64Array);
    assert.ok((r.tensors.state.data as Float64Array).every((v) => v >= -1 && v < 1));
  });

  it('fills fixed inputs from the user values and shares unbatched fixed-shape inputs across the pool', () => {
    const pool = makeRequestInputPool(summary, 3, 3);
    assert.deepEqual(Array.from(pool[0].tensors.scale.data as Int32Array), [7, 8, 9]);
    assert.equal(pool[0].tensors.temperature, pool[2].tensors.temperature);
  });

  it('maps request ids onto the pool modulo its size', () => {
    const pool = makeRequestInputPool(summary, 3, 3);
    assert.equal(requestInputFor(pool, 0), pool[0]);
    assert.equal(requestInputFor(pool, 7), pool[1]);
  });

  it('encodes float16 as IEEE half bits', () => {
    assert.equal(toHalfBits(1), 0x3c00);
    assert.equal(toHalfBits(-2), 0xc000);
    assert.equal(toHalfBits(0.5), 0x3800);
    assert.equal(toHalfBits(0), 0);
  });
});
