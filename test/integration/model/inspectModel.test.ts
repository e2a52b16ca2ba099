import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { inspectModel, ModelError, requireBatchable } from '../../../src/engine/model';
import type { ModelSummary } from '../../../src/shared/profileTypes';
import { samplePath } from './sampleModels';

const axes = (tensors: ModelSummary['inputs']): Record<string, number | null> =>
  Object.fromEntries(tensors.map((t) => [t.name, t.batchAxis]));

describe('inspectModel on the sample models (real onnxruntime)', () => {
  it('mlp: batch axis 0 in and out, batchable, unbounded, with the file fingerprint', async () => {
    const file = samplePath('mlp');
    const s = await inspectModel(file);
    assert.deepEqual(axes(s.inputs), { input: 0 });
    assert.deepEqual(axes(s.outputs), { logits: 0 });
    assert.equal(s.inputs[0].batchAxisSource, 'probe');
    assert.equal(s.batchable, true);
    assert.equal(s.maxBatchSupported, null);
    assert.deepEqual(s.inputs[0].shape, ['batch', 64]);
    assert.equal(s.inputs[0].dtype, 'float32');
    assert.equal(s.bytes, fs.statSync(file).size);
    assert.equal(s.sha256, createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    assert.equal(s.fileName, 'mlp.onnx');
  });

  it('convnet: batch named N in and batch_size out, H and W as default dims', async () => {
    const s = await inspectModel(samplePath('convnet'));
    assert.deepEqual(axes(s.inputs), { image: 0 });
    assert.deepEqual(axes(s.outputs), { logits: 0 });
    assert.deepEqual(s.outputs[0].shape, ['batch_size', 10]);
    assert.deepEqual(
      s.dims.map((d) => [d.name, d.source]),
      [
        ['H', 'default'],
        ['W', 'default'],
      ],
    );
    assert.equal(s.batchable, true);
  });

  it('sequence: token ids batched, the scalar temperature fed once, the sequence dim from --dim', async () => {
    const s = await inspectModel(samplePath('sequence'), {
      dims: { sequence: { min: 4, max: 12 } },
      fixedInputs: { temperature: [0.5] },
    });
    assert.deepEqual(axes(s.inputs), { input_ids: 0, temperature: null });
    assert.equal(s.inputs[0].dtype, 'int64');
    assert.deepEqual(s.dims, [{ name: 'sequence', min: 4, max: 12, source: 'user' }]);
    assert.deepEqual(s.fixedInputs, { temperature: [0.5] });
    assert.equal(s.batchable, true);
  });

  it('recurrent_state: the state tensor is batched on axis 1, found by probing', async () => {
    const s = await inspectModel(samplePath('recurrent_state'));
    assert.deepEqual(axes(s.inputs), { x: 0, state: 1 });
    assert.deepEqual(axes(s.outputs), { y: 0, new_state: 1 });
    assert.equal(s.batchable, true);
  });

  it('--batch-axis overrides are kept and marked as such', async () => {
    const s = await inspectModel(samplePath('recurrent_state'), { batchAxes: { state: 1, new_state: 1 } });
    assert.equal(s.inputs[1].batchAxisSource, 'override');
    assert.equal(s.outputs[1].batchAxisSource, 'override');
    assert.equal(s.inputs[0].batchAxisSource, 'probe');
  });

  it('fixed_batch: not batchable, says why and how to fix; requireBatchable refuses with exit 3', async () => {
    const s = await inspectModel(samplePath('fixed_batch'));
    assert.equal(s.batchable, false);
    assert.equal(s.maxBatchSupported, 1);
    assert.match(s.notBatchableReason ?? '', /fixed to 1/);
    assert.match(s.notBatchableReason ?? '', /re-export the model with a dynamic batch axis/);
    assert.match(s.notBatchableReason ?? '', /dynamic_axes={'input': {0: 'batch'}}/);
    assert.throws(
      () => requireBatchable(s),
      (err: unknown) =>
        err instanceof ModelError &&
        err.exitCode === 3 &&
        err.message.includes('fixed_batch.onnx') &&
        /re-export/.test(err.message),
    );
  });
});
