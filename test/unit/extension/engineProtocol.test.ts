import * as assert from 'assert';
import { isEngineToHost, isHostToEngine } from '../../../src/shared/engineProtocol';

describe('engine IPC protocol checks', () => {
  const modelOptions = { dims: {}, fixedInputs: {}, batchAxes: {}, provider: 'cpu', threads: 1 };

  it('accepts each well-formed host request and rejects malformed ones', () => {
    assert.ok(isHostToEngine({ type: 'inspect', modelPath: '/m.onnx', modelOptions }));
    assert.ok(isHostToEngine({ type: 'cancel' }));
    assert.ok(isHostToEngine({ type: 'readProfile', path: '/p.json' }));
    assert.ok(!isHostToEngine({ type: 'readProfile' }), 'readProfile without a path');
    assert.ok(!isHostToEngine({ type: 'readProfile', path: 7 }), 'readProfile with a non-string path');
    assert.ok(
      isHostToEngine({
        type: 'run',
        modelPath: '/m.onnx',
        modelOptions,
        settings: {},
        maxBatchForCalibration: 8,
        outPath: '/p.json',
      }),
    );
    for (const bad of [
      null,
      'inspect',
      { type: 'inspect', modelPath: 3, modelOptions },
      { type: 'inspect', modelPath: '/m.onnx' },
      { type: 'run', modelPath: '/m.onnx', modelOptions, settings: {}, maxBatchForCalibration: 8 },
      { type: 'shutdown' },
    ])
      assert.ok(!isHostToEngine(bad), JSON.stringify(bad));
  });

  it('accepts each well-formed engine message and rejects malformed ones', () => {
    assert.ok(isEngineToHost({ type: 'inspected', summary: {} }));
    assert.ok(isEngineToHost({ type: 'event', event: { kind: 'stage' } }));
    assert.ok(isEngineToHost({ type: 'done', profilePath: '/p.json', partial: false }));
    assert.ok(isEngineToHost({ type: 'failed', message: 'x', exitCode: 3 }));
    assert.ok(isEngineToHost({ type: 'profile', profile: {} }));
    for (const bad of [
      undefined,
      { type: 'done', profilePath: '/p.json' },
      { type: 'failed', message: 'x' },
      { type: 'event' },
      { type: 'profile' },
      { type: 'profile', profile: null },
      { type: 'progress' },
    ])
      assert.ok(!isEngineToHost(bad), JSON.stringify(bad));
  });
});
