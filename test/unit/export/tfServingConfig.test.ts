/** TF Serving's batching parameters file read back by a textproto reader and checked against BatchingParameters. */
import { strict as assert } from 'node:assert';
import { exportConfig } from '../../../src/shared/export/exportConfig';
import type { ExportRequest } from '../../../src/shared/export/exportTypes';
import { config, request, sampleModel } from './exportFixtures';
import { schemaProblems, TF_SERVING_BATCHING_PARAMETERS } from './protoSchemas';
import { all, one, parseTextproto, type TextprotoMessage } from './textproto';

function tfServingOf(req: ExportRequest): {
  params: TextprotoMessage;
  differences: string[];
  notes: string[];
} {
  const result = exportConfig({ ...req, format: 'tfserving' });
  assert.deepEqual(
    result.files.map((f) => f.path),
    ['batching_parameters.txt'],
  );
  const params = parseTextproto(result.files[0].text);
  assert.deepEqual(schemaProblems(params, TF_SERVING_BATCHING_PARAMETERS), [], 'fits BatchingParameters');
  return { params, differences: result.differences, notes: result.notes };
}

describe('TF Serving export (batching parameters file)', () => {
  it('writes the wrapped scalars, allowed sizes ending at the max batch, and padding for variable dims', () => {
    const { params, differences, notes } = tfServingOf(request());
    assert.equal(one(params, 'max_batch_size.value'), 8);
    assert.equal(one(params, 'batch_timeout_micros.value'), 2000);
    assert.equal(one(params, 'num_batch_threads.value'), 2, 'one batch thread per instance');
    assert.equal(one(params, 'max_enqueued_batches.value'), 8, '64 requests are 8 batches of 8');
    const allowed = all(params, 'allowed_batch_sizes');
    assert.deepEqual(allowed, [4, 8]);
    assert.equal(
      allowed[allowed.length - 1],
      one(params, 'max_batch_size.value'),
      'last allowed = max_batch_size',
    );
    assert.equal(one(params, 'pad_variable_length_inputs'), true, 'H and W vary per request');
    assert.ok(differences[0].includes('SavedModels, not ONNX'));
    assert.ok(notes.some((n) => n.includes('--enable_batching --batching_parameters_file=')));
  });

  it('static pads every batch to its size; a fixed-shape model is not padded; an unbounded queue stays unbounded', () => {
    const model = sampleModel('convnet');
    model.inputs = [{ ...model.inputs[0], shape: ['N', 3, 32, 32] }];
    const { params, differences } = tfServingOf(
      request({ model, strategy: config('static', { batchSize: 4 }) }),
    );
    assert.deepEqual(all(params, 'allowed_batch_sizes'), [4]);
    assert.equal(one(params, 'batch_timeout_micros.value'), 1_000_000);
    assert.deepEqual(all(params, 'pad_variable_length_inputs'), []);
    assert.equal(one(params, 'max_enqueued_batches.value'), 1_000_000);
    assert.ok(differences.some((d) => d.includes('pads every partial batch to 4')));
  });

  it('says when a queue bound does not divide into batches, and that timeouts are not written', () => {
    const { params, differences } = tfServingOf(
      request({ strategy: config('dynamic', { maxBatch: 8, maxQueue: 20, timeoutMs: 10 }) }),
    );
    assert.equal(one(params, 'max_enqueued_batches.value'), 3);
    assert.ok(
      differences.some((d) => d.includes('holds up to 24 requests, not 20')),
      differences.join(' | '),
    );
    assert.ok(differences.some((d) => d.includes('no queue timeout')));
  });
});
