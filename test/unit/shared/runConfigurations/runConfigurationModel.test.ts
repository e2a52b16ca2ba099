/** A configuration's model: relative to the folder holding .batchscope/, written back relative when inside it. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import {
  configurationsFolder,
  configurationsForModel,
  modelRefFor,
  resolveModelRef,
  sameModel,
} from '../../../../src/shared/node/runConfigurationModel';
import { parseRunConfigurations } from '../../../../src/shared/runConfigurations/parseConfigurations';

const root = path.resolve('/work/project');

describe('run configurations: the model a configuration names', () => {
  it('resolves a relative model against the folder that holds .batchscope/', () => {
    assert.equal(resolveModelRef('samples/vad.onnx', root), path.join(root, 'samples', 'vad.onnx'));
    assert.equal(resolveModelRef('../shared/m.onnx', root), path.resolve(root, '..', 'shared', 'm.onnx'));
    assert.equal(resolveModelRef(path.resolve('/models/m.onnx'), root), path.resolve('/models/m.onnx'));
    assert.equal(
      resolveModelRef(' synthetic:base=2ms,per-item=1ms ', root),
      'synthetic:base=2ms,per-item=1ms',
    );
  });

  it('knows which folder a file configures', () => {
    assert.equal(configurationsFolder(path.join(root, '.batchscope', 'config.json')), root);
    assert.equal(configurationsFolder(path.join(root, 'ci', 'runs.json')), path.join(root, 'ci'));
  });

  it('writes a model inside the folder relative to it with /, one outside as an absolute path', () => {
    assert.equal(modelRefFor(path.join(root, 'samples', 'vad.onnx'), root), 'samples/vad.onnx');
    assert.equal(modelRefFor(path.resolve('/elsewhere/m.onnx'), root), path.resolve('/elsewhere/m.onnx'));
    assert.equal(modelRefFor('synthetic:base=2ms,per-item=1ms', root), 'synthetic:base=2ms,per-item=1ms');
  });

  it('tells the same model apart from another, synthetic specs by their meaning', () => {
    assert.ok(sameModel(path.join(root, 'a', '..', 'm.onnx'), path.join(root, 'm.onnx')));
    assert.ok(!sameModel(path.join(root, 'm.onnx'), path.join(root, 'n.onnx')));
    assert.ok(sameModel('synthetic:base=2ms,per-item=1ms', 'synthetic: per-item=1ms, base=2ms'));
    assert.ok(!sameModel('synthetic:base=2ms,per-item=1ms', 'synthetic:base=3ms,per-item=1ms'));
    assert.ok(!sameModel('synthetic:base=2ms,per-item=1ms', path.join(root, 'm.onnx')));
  });

  it('lists the usable configurations of one model', () => {
    const file = parseRunConfigurations(
      JSON.stringify({
        version: 1,
        configurations: [
          { name: 'a', model: 'samples/vad.onnx' },
          { name: 'b', model: 'samples/mlp.onnx' },
          { name: 'c', model: path.join(root, 'samples', 'vad.onnx') },
          { name: 'broken', model: 'samples/vad.onnx', sloMs: -1 },
        ],
      }),
      'config.json',
    );
    assert.deepEqual(
      configurationsForModel(file, path.join(root, 'samples', 'vad.onnx'), root).map((c) => c.name),
      ['a', 'c'],
    );
  });
});
