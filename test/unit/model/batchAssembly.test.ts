import { strict as assert } from 'node:assert';
import * as ort from 'onnxruntime-node';
import { assembleBatch, splitOutputs } from '../../../src/engine/model/batchAssembly';
import type { RequestInput } from '../../../src/engine/model/requestInputs';
import { summaryOf, tensor } from './summaryFixture';

/** A request whose tensor values encode (request, element) so every copy can be traced. */
function request(
  id: number,
  tensors: Record<string, number[]>,
  dims: Record<string, number> = {},
): RequestInput {
  const out: RequestInput['tensors'] = {};
  for (const [name, shape] of Object.entries(tensors)) {
    const count = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = id * 1000 + i + 1;
    out[name] = { data, shape };
  }
  return { dims, tensors: out };
}

/** Feeds as if an identity model returned them, so split(assemble(x)) can be compared with x. */
function asOutputs(feeds: Record<string, ort.Tensor>): ort.InferenceSession.OnnxValueMapType {
  return feeds;
}

describe('batch assembly and splitting', () => {
  it('stacks along axis 0 and splits back to each request unchanged', () => {
    const summary = summaryOf(
      [tensor('x', 'float32', ['batch', 4], 0)],
      [tensor('x', 'float32', ['batch', 4], 0)],
    );
    const members = [0, 1, 2].map((id) => request(id, { x: [1, 4] }));
    const { feeds, padFraction } = assembleBatch(summary, members);
    assert.deepEqual(feeds.x.dims, [3, 4]);
    assert.deepEqual(Array.from(feeds.x.data as Float32Array).slice(4, 8), [1001, 1002, 1003, 1004]);
    assert.equal(padFraction, 0);
    const split = splitOutputs(summary, asOutputs(feeds), 3);
    assert.equal(split.length, 3);
    split.forEach((out, id) => {
      assert.deepEqual(out.x.shape, [1, 4]);
      assert.deepEqual(
        Array.from(out.x.data as Float32Array),
        Array.from(members[id].tensors.x.data as Float32Array),
      );
    });
  });

  it('stacks a state tensor along axis 1 ([layers, batch, hidden]) and splits it back', () => {
    const sig = tensor('state', 'float32', [2, 'batch', 3], 1);
    const summary = summaryOf([sig], [sig]);
    const members = [0, 1].map((id) => request(id, { state: [2, 1, 3] }));
    const { feeds } = assembleBatch(summary, members);
    assert.deepEqual(feeds.state.dims, [2, 2, 3]);
    const data = feeds.state.data as Float32Array;
    // element [layer, b, h] of the batch is element [layer, 0, h] of request b
    for (let layer = 0; layer < 2; layer++) {
      for (let b = 0; b < 2; b++) {
        for (let h = 0; h < 3; h++) assert.equal(data[(layer * 2 + b) * 3 + h], b * 1000 + layer * 3 + h + 1);
      }
    }
    const split = splitOutputs(summary, asOutputs(feeds), 2);
    split.forEach((out, id) => {
      assert.deepEqual(out.state.shape, [2, 1, 3]);
      assert.deepEqual(
        Array.from(out.state.data as Float32Array),
        Array.from(members[id].tensors.state.data as Float32Array),
      );
    });
  });

  it('feeds an input without a batch axis once, unstacked, and gives unbatched outputs to every request', () => {
    const summary = summaryOf(
      [tensor('x', 'float32', ['batch', 2], 0), tensor('temperature', 'float32', [], null)],
      [tensor('x', 'float32', ['batch', 2], 0), tensor('temperature', 'float32', [], null)],
    );
    const members = [0, 1, 2].map((id) => request(id, { x: [1, 2], temperature: [] }));
    const { feeds, padFraction } = assembleBatch(summary, members);
    assert.deepEqual(feeds.temperature.dims, []);
    assert.equal(feeds.temperature.data, members[0].tensors.temperature.data, 'fed as is, not copied');
    assert.equal(padFraction, 0);
    const split = splitOutputs(summary, asOutputs(feeds), 3);
    for (const out of split) assert.deepEqual(Array.from(out.temperature.data as Float32Array), [1]);
  });

  it('pads symbolic dims to the largest member with zeros and records the padding share', () => {
    const summary = summaryOf(
      [tensor('ids', 'float32', ['batch', 'seq'], 0)],
      [],
      [{ name: 'seq', min: 3, max: 5, source: 'user' }],
    );
    const members = [request(0, { ids: [1, 3] }, { seq: 3 }), request(1, { ids: [1, 5] }, { seq: 5 })];
    const { feeds, padFraction } = assembleBatch(summary, members);
    assert.deepEqual(feeds.ids.dims, [2, 5]);
    assert.deepEqual(
      Array.from(feeds.ids.data as Float32Array),
      [1, 2, 3, 0, 0, 1001, 1002, 1003, 1004, 1005],
    );
    assert.equal(padFraction, 2 / 10);
  });

  it('pads an unbatched input with symbolic dims to the batch (position ids [seq] next to ids [batch, seq])', () => {
    const summary = summaryOf(
      [tensor('ids', 'float32', ['batch', 'seq'], 0), tensor('pos', 'float32', ['seq'], null)],
      [],
      [{ name: 'seq', min: 2, max: 3, source: 'user' }],
    );
    const members = [request(0, { ids: [1, 2], pos: [2] }), request(1, { ids: [1, 3], pos: [3] })];
    const { feeds, padFraction } = assembleBatch(summary, members);
    assert.deepEqual(feeds.ids.dims, [2, 3]);
    assert.deepEqual(feeds.pos.dims, [3]);
    assert.deepEqual(
      Array.from(feeds.pos.data as Float32Array),
      [1001, 1002, 1003],
      'the largest member is fed',
    );
    assert.equal(padFraction, 1 / 9);
  });

  it('pads inner dims of a tensor batched on a middle axis', () => {
    // [seq, batch, feat]: request 0 has seq 1, request 1 has seq 2
    const sig = tensor('h', 'float32', ['seq', 'batch', 2], 1);
    const summary = summaryOf([sig], [sig]);
    const members = [request(0, { h: [1, 1, 2] }), request(1, { h: [2, 1, 2] })];
    const { feeds, padFraction } = assembleBatch(summary, members);
    assert.deepEqual(feeds.h.dims, [2, 2, 2]);
    assert.deepEqual(Array.from(feeds.h.data as Float32Array), [1, 2, 1001, 1002, 0, 0, 1003, 1004]);
    assert.equal(padFraction, 2 / 8);
  });

  it('fills slots beyond the members up to paddedSize with copies and drops them on split', () => {
    const sig = tensor('x', 'float32', ['batch', 2], 0);
    const summary = summaryOf([sig], [sig]);
    const members = [0, 1].map((id) => request(id, { x: [1, 2] }));
    const { feeds, padFraction } = assembleBatch(summary, members, 4);
    assert.deepEqual(feeds.x.dims, [4, 2]);
    assert.deepEqual(Array.from(feeds.x.data as Float32Array), [1, 2, 1001, 1002, 1, 2, 1001, 1002]);
    assert.equal(padFraction, 0.5);
    const split = splitOutputs(summary, asOutputs(feeds), 2, 4);
    assert.equal(split.length, 2);
    assert.deepEqual(Array.from(split[1].x.data as Float32Array), [1001, 1002]);
  });

  it('pads to a fixed batch dim the model declares when no paddedSize is given', () => {
    const sig = tensor('x', 'float32', [4, 2], 0);
    const summary = summaryOf([sig], [sig]);
    const { feeds } = assembleBatch(summary, [request(0, { x: [1, 2] })]);
    assert.deepEqual(feeds.x.dims, [4, 2]);
    assert.equal(splitOutputs(summary, asOutputs(feeds), 1).length, 1);
  });

  it('keeps int64, float16 and bool storage types', () => {
    const summary = summaryOf(
      [
        tensor('ids', 'int64', ['batch', 2], 0),
        tensor('h', 'float16', ['batch'], 0),
        tensor('m', 'bool', ['batch'], 0),
      ],
      [],
    );
    const member = (v: number): RequestInput => ({
      dims: {},
      tensors: {
        ids: { data: new BigInt64Array([BigInt(v), BigInt(v + 1)]), shape: [1, 2] },
        h: { data: new Uint16Array([0x3c00]), shape: [1] },
        m: { data: new Uint8Array([1]), shape: [1] },
      },
    });
    const { feeds } = assembleBatch(summary, [member(5), member(7)]);
    assert.deepEqual(Array.from(feeds.ids.data as BigInt64Array), [5n, 6n, 7n, 8n]);
    assert.equal(feeds.h.type, 'float16');
    assert.equal(feeds.m.type, 'bool');
  });

  it('throws a message naming the output when its batch axis does not match the batch', () => {
    const summary = summaryOf(
      [tensor('x', 'float32', ['batch', 2], 0)],
      [tensor('y', 'float32', ['batch', 2], 0)],
    );
    const outputs = { y: new ort.Tensor('float32', new Float32Array(6), [3, 2]) };
    assert.throws(
      () => splitOutputs(summary, outputs, 2),
      /Output 'y' has shape \[3, 2\].*--batch-axis y=AXIS/,
    );
    // the axis itself out of range
    const wrongAxis = summaryOf([], [tensor('y', 'float32', ['batch', 2], 2)]);
    assert.throws(() => splitOutputs(wrongAxis, outputs, 3), /Output 'y'/);
  });

  it('rejects a paddedSize smaller than the batch', () => {
    const sig = tensor('x', 'float32', ['batch', 2], 0);
    const members = [0, 1, 2].map((id) => request(id, { x: [1, 2] }));
    assert.throws(
      () => assembleBatch(summaryOf([sig], [sig]), members, 2),
      /paddedSize 2 is smaller than the 3 requests/,
    );
  });
});
