import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onnx } from 'onnx-proto';
import { createSession, inspectModel, ModelError } from '../../../src/engine/model';
import { cudaUnavailableReason } from '../../../src/engine/model/session';
import { encodeModel, node, valueInfo } from '../../../scripts/generateSamples';
import { samplePath } from './sampleModels';

/** Asserts that `promise` rejects with a ModelError of `exitCode` whose message matches every pattern. */
async function rejectsWith(
  promise: Promise<unknown>,
  exitCode: 2 | 3,
  ...patterns: RegExp[]
): Promise<ModelError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ModelError, `expected a ModelError, got ${String(err)}`);
    assert.equal(err.exitCode, exitCode, err.message);
    for (const p of patterns) assert.match(err.message, p);
    assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace in the message');
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('model errors say what is wrong and what to do', () => {
  let dir: string;
  const write = (name: string, bytes: Uint8Array | string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-model-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('missing file: exit 2, names the path', async () => {
    await rejectsWith(
      inspectModel(path.join(dir, 'nope.onnx')),
      2,
      /not found/,
      /nope\.onnx/,
      /Check the path/,
    );
  });

  it('a directory: exit 2, asks for the .onnx file', async () => {
    await rejectsWith(inspectModel(dir), 2, /is a directory/, /path of the \.onnx file/);
  });

  it('non-ONNX bytes: exit 3, names the file and the fix', async () => {
    const file = write('notes.onnx', 'these are not the bytes you are looking for');
    await rejectsWith(inspectModel(file), 3, /notes\.onnx is not a valid ONNX model/, /re-export/);
  });

  it('an empty file: exit 3', async () => {
    await rejectsWith(inspectModel(write('empty.onnx', '')), 3, /empty\.onnx is empty/);
  });

  it('a truncated model: exit 3, says truncated or corrupt', async () => {
    const bytes = fs.readFileSync(samplePath('mlp'));
    const file = write('truncated.onnx', bytes.subarray(0, Math.floor(bytes.length / 3)));
    await rejectsWith(inspectModel(file), 3, /truncated\.onnx/, /truncated or corrupt/);
  });

  it('a string input: exit 3, names the input', async () => {
    const file = write(
      'text.onnx',
      encodeModel({
        name: 'text',
        node: [node('Identity', ['text'], ['out'])],
        input: [valueInfo('text', 'string', ['batch'])],
        output: [valueInfo('out', 'string', ['batch'])],
      }),
    );
    await rejectsWith(inspectModel(file), 3, /input 'text' is a string tensor/, /Re-export/);
  });

  it('a sequence input: exit 3, names the input', async () => {
    const seqType: onnx.ITypeProto = {
      sequenceType: {
        elemType: {
          tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'n' }] } },
        },
      },
    };
    const file = write(
      'seq.onnx',
      encodeModel({
        name: 'seq',
        node: [node('SequenceLength', ['items'], ['count'])],
        input: [{ name: 'items', type: seqType }],
        output: [valueInfo('count', 'int64', [])],
      }),
    );
    await rejectsWith(inspectModel(file), 3, /input 'items' is a sequence or map/);
  });

  it('synthetic data the model rejects: exit 3 with ONNX Runtime’s message and the inputs to fix; --input fixes it', async () => {
    const file = write(
      'reshape.onnx',
      encodeModel({
        name: 'reshape',
        node: [node('Reshape', ['x', 'target_shape'], ['y'])],
        input: [valueInfo('x', 'float32', ['batch', 6]), valueInfo('target_shape', 'int64', [2])],
        output: [valueInfo('y', 'float32', [null, null])],
      }),
    );
    await rejectsWith(
      inspectModel(file),
      3,
      /rejected Batchscope's synthetic inputs/,
      /ONNX Runtime said: ".*[Rr]eshape/,
      /'target_shape' int64 \[2\] \(synthetic, integers 0\.\.63\)/,
      /--input NAME=VALUE/,
    );
    const s = await inspectModel(file, { fixedInputs: { target_shape: [-1, 6] } });
    assert.deepEqual(
      s.inputs.map((i) => i.batchAxis),
      [0, null],
    );
    assert.equal(s.outputs[0].batchAxis, 0);
  });

  it('probing, not names, finds a batch axis the model does not name', async () => {
    // x [?, ?, 8] batched on axis 1; axis 0 is reduced away, so stacking on it would not grow the output.
    const file = write(
      'unnamed.onnx',
      encodeModel({
        name: 'unnamed',
        initializer: [],
        node: [node('ReduceMean', ['x'], ['y'], { axes: [0], keepdims: 0 })],
        input: [valueInfo('x', 'float32', [null, null, 8])],
        output: [valueInfo('y', 'float32', [null, 8])],
      }),
    );
    const s = await inspectModel(file);
    assert.equal(s.inputs[0].batchAxis, 1);
    assert.equal(s.outputs[0].batchAxis, 0);
    assert.deepEqual(s.dims, [{ name: 'x:0', min: 16, max: 16, source: 'default' }]);
  });

  it('bad option values: exit 2, naming the option and what the model has', async () => {
    const seq = samplePath('sequence');
    await rejectsWith(inspectModel(seq, { dims: { seqq: { min: 4, max: 4 } } }), 2, /--dim seqq/, /sequence/);
    await rejectsWith(inspectModel(seq, { dims: { sequence: { min: 5, max: 2 } } }), 2, /MIN <= MAX/);
    await rejectsWith(
      inspectModel(seq, { dims: { batch: { min: 4, max: 4 } } }),
      2,
      /'batch' is the batch dim/,
      /--max-batch/,
    );
    await rejectsWith(inspectModel(seq, { batchAxes: { nope: 0 } }), 2, /--batch-axis nope=0/, /'input_ids'/);
    await rejectsWith(inspectModel(seq, { batchAxes: { input_ids: 5 } }), 2, /from 0 to 1/);
    await rejectsWith(
      inspectModel(seq, { fixedInputs: { temp: [1] } }),
      2,
      /no input named 'temp'/,
      /'temperature'/,
    );
    await rejectsWith(inspectModel(seq, { fixedInputs: { temperature: [1, 2] } }), 2, /2 values given/);
  });

  it('--provider cuda without the CUDA provider: exit 3 with the opt-in steps', async () => {
    // Never pending (CI runs mocha with --forbid-pending): on a machine with CUDA set up, the
    // same request must load the model on CUDA instead.
    if (cudaUnavailableReason() === null) {
      const session = await createSession(samplePath('mlp'), { provider: 'cuda', threads: 1 });
      await session.release();
      return;
    }
    await rejectsWith(
      createSession(samplePath('mlp'), { provider: 'cuda', threads: 1 }),
      3,
      /--provider cuda is not available/,
      /ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node/,
      /--provider cpu/,
    );
  });
});

describe('a model with a fixed batch dim larger than 1', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-fixed4-'));
    file = path.join(dir, 'fixed4.onnx');
    fs.writeFileSync(
      file,
      encodeModel({
        name: 'fixed4',
        node: [node('Relu', ['x'], ['y'])],
        input: [valueInfo('x', 'float32', [4, 3])],
        output: [valueInfo('y', 'float32', [4, 3])],
      }),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is not batchable by default and the reason offers --batch-axis', async () => {
    const s = await inspectModel(file);
    assert.equal(s.batchable, false);
    assert.match(s.notBatchableReason ?? '', /fixed to 4/);
    assert.match(s.notBatchableReason ?? '', /--batch-axis x=0/);
  });

  it('with --batch-axis on the input, batches up to 4 requests padded to 4 slots', async () => {
    const s = await inspectModel(file, { batchAxes: { x: 0 } });
    assert.equal(s.batchable, true);
    assert.equal(s.maxBatchSupported, 4);
    assert.equal(s.outputs[0].batchAxis, 0);
  });
});
