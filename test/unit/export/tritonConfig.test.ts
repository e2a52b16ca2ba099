/**
 * Triton's config.pbtxt read back by a textproto reader: field names and nesting are checked
 * against model_config.proto (protoSchemas.ts), values against the profiled configuration.
 */
import { strict as assert } from 'node:assert';
import { exportConfig } from '../../../src/shared/export/exportConfig';
import type { ExportRequest } from '../../../src/shared/export/exportTypes';
import type { ModelSummary } from '../../../src/shared/profileTypes';
import { tensor } from '../model/summaryFixture';
import { config, request, sampleModel } from './exportFixtures';
import { schemaProblems, TRITON_MODEL_CONFIG } from './protoSchemas';
import { all, isMessage, one, parseTextproto, type TextprotoMessage } from './textproto';

/** The exported config.pbtxt, parsed, after checking it against the ModelConfig schema. */
function tritonOf(req: ExportRequest): { config: TextprotoMessage; differences: string[] } {
  const result = exportConfig({ ...req, format: 'triton' });
  assert.deepEqual(
    result.files.map((f) => f.path),
    [`${req.modelName}/config.pbtxt`],
  );
  const parsed = parseTextproto(result.files[0].text);
  assert.deepEqual(schemaProblems(parsed, TRITON_MODEL_CONFIG), [], 'config.pbtxt fits model_config.proto');
  return { config: parsed, differences: result.differences };
}

function messages(config: TextprotoMessage, field: string): TextprotoMessage[] {
  return all(config, field).map((m) => {
    assert.ok(isMessage(m), `${field} holds messages`);
    return m;
  });
}

describe('Triton export (config.pbtxt)', () => {
  it('writes the model signature: batch dim left out, -1 for the symbolic H and W, ONNX types as TYPE_*', () => {
    const { config: c } = tritonOf(request());
    assert.equal(one(c, 'name'), 'convnet');
    assert.equal(one(c, 'backend'), 'onnxruntime');
    assert.equal(one(c, 'max_batch_size'), 8);
    const [image] = messages(c, 'input');
    assert.equal(one(image, 'name'), 'image');
    assert.deepEqual(one(image, 'data_type'), { ident: 'TYPE_FP32' });
    assert.deepEqual(all(image, 'dims'), [3, -1, -1], 'image [N, 3, H, W] is [3, -1, -1] per item');
    const [logits] = messages(c, 'output');
    assert.deepEqual(all(logits, 'dims'), [10]);
  });

  it('writes dynamic_batching with the delay in µs, the preferred sizes and the queue policy', () => {
    const { config: c, differences } = tritonOf(request());
    assert.equal(one(c, 'dynamic_batching.max_queue_delay_microseconds'), 2000);
    assert.deepEqual(all(one(c, 'dynamic_batching') as TextprotoMessage, 'preferred_batch_size'), [4, 8]);
    assert.deepEqual(one(c, 'dynamic_batching.default_queue_policy.timeout_action'), { ident: 'REJECT' });
    assert.equal(one(c, 'dynamic_batching.default_queue_policy.default_timeout_microseconds'), 50000);
    assert.equal(one(c, 'dynamic_batching.default_queue_policy.max_queue_size'), 64);
    const [group] = messages(c, 'instance_group');
    assert.equal(one(group, 'count'), 2);
    assert.deepEqual(one(group, 'kind'), { ident: 'KIND_CPU' });
    const [param] = messages(c, 'parameters');
    assert.equal(one(param, 'key'), 'intra_op_thread_count');
    assert.equal(one(param, 'value.string_value'), '1');
    assert.ok(
      differences.some((d) => /do(es)? not pad/.test(d) && d.includes('image')),
      `says Triton does not pad the variable image size: ${differences.join(' | ')}`,
    );
  });

  it('writes the DELAY action and leaves the queue policy out when nothing bounds the queue', () => {
    const delayed = tritonOf(
      request({ strategy: config('dynamic', { timeoutMs: 5, timeoutAction: 'delay' }) }),
    );
    assert.deepEqual(one(delayed.config, 'dynamic_batching.default_queue_policy.timeout_action'), {
      ident: 'DELAY',
    });
    assert.equal(
      one(delayed.config, 'dynamic_batching.default_queue_policy.default_timeout_microseconds'),
      5000,
    );
    const plain = tritonOf(request({ strategy: config('dynamic', { maxBatch: 4, maxDelayMs: 0.25 }) }));
    assert.equal(one(plain.config, 'dynamic_batching.max_queue_delay_microseconds'), 250);
    assert.deepEqual(Object.keys(one(plain.config, 'dynamic_batching') as TextprotoMessage), [
      'max_queue_delay_microseconds',
    ]);
  });

  it('none: max_batch_size 1 and no dynamic batcher, unless a queue policy needs one', () => {
    const none = tritonOf(request({ strategy: config('none') }));
    assert.equal(one(none.config, 'max_batch_size'), 1);
    assert.deepEqual(all(none.config, 'dynamic_batching'), []);
    assert.deepEqual(none.differences, [], 'none runs on Triton as profiled');
    const bounded = tritonOf(request({ strategy: config('none', { maxQueue: 16 }) }));
    assert.equal(one(bounded.config, 'dynamic_batching.default_queue_policy.max_queue_size'), 16);
  });

  it('static: a long delay and the batch size as the only preferred size, and says so', () => {
    const { config: c, differences } = tritonOf(request({ strategy: config('static', { batchSize: 4 }) }));
    assert.equal(one(c, 'max_batch_size'), 4);
    assert.deepEqual(all(one(c, 'dynamic_batching') as TextprotoMessage, 'preferred_batch_size'), [4]);
    assert.equal(one(c, 'dynamic_batching.max_queue_delay_microseconds'), 1_000_000);
    assert.ok(
      differences.some((d) => d.startsWith('static waits for a full batch of 4')),
      differences.join(' | '),
    );
  });

  it('a GPU run: KIND_GPU instances on one GPU', () => {
    const { config: c } = tritonOf(request({ provider: 'cuda', instances: 3 }));
    const [group] = messages(c, 'instance_group');
    assert.deepEqual(one(group, 'kind'), { ident: 'KIND_GPU' });
    assert.equal(one(group, 'count'), 3);
    assert.deepEqual(all(group, 'gpus'), [0]);
  });

  it('a tensor without a batch axis: max_batch_size 0, full shapes, a scalar as [ 1 ] reshaped to [ ]', () => {
    const { config: c, differences } = tritonOf(
      request({ model: sampleModel('sequence'), modelName: 'sequence' }),
    );
    assert.equal(one(c, 'max_batch_size'), 0);
    const [ids, temperature] = messages(c, 'input');
    assert.deepEqual(all(ids, 'dims'), [-1, -1], 'input_ids [batch, sequence] in full');
    assert.deepEqual(all(temperature, 'dims'), [1]);
    assert.deepEqual(all(one(temperature, 'reshape') as TextprotoMessage, 'shape'), []);
    assert.deepEqual(all(c, 'dynamic_batching'), []);
    assert.ok(
      differences.some((d) => d.includes('temperature has no batch axis') && d.includes('max_batch_size 0')),
    );
    assert.ok(
      differences.some((d) => d.includes('queue policy')),
      'says the queue policy could not be written',
    );
  });

  it('a batch on axis 1, or a model capped at 4, is said and written as Triton can take it', () => {
    const recurrent: ModelSummary = {
      ...sampleModel('convnet'),
      fileName: 'recurrent_state.onnx',
      inputs: [tensor('x', 'float32', ['batch', 16], 0), tensor('state', 'float32', [2, 'batch', 32], 1)],
      outputs: [tensor('y', 'float32', ['batch', 32], 0)],
    };
    const r = tritonOf(request({ model: recurrent, modelName: 'recurrent_state' }));
    assert.equal(one(r.config, 'max_batch_size'), 0);
    assert.ok(
      r.differences.some((d) => d.includes('state has its batch on axis 1')),
      r.differences.join(' | '),
    );

    const capped = tritonOf(request({ model: { ...sampleModel('convnet'), maxBatchSupported: 4 } }));
    assert.equal(one(capped.config, 'max_batch_size'), 4);
    assert.deepEqual(
      all(one(capped.config, 'dynamic_batching') as TextprotoMessage, 'preferred_batch_size'),
      [4],
    );
    assert.ok(capped.differences.some((d) => d.includes('at most 4')));
  });

  it('a type Triton lacks is named, never written as a valid type', () => {
    const model = sampleModel('convnet');
    model.outputs = [tensor('logits', 'float8e4m3fn', ['batch_size', 10], 0)];
    const { config: c, differences } = tritonOf(request({ model }));
    assert.deepEqual(one(messages(c, 'output')[0], 'data_type'), { ident: 'TYPE_INVALID' });
    assert.ok(differences.some((d) => d.includes('float8e4m3fn')));
  });
});
