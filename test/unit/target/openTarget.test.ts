import { strict as assert } from 'node:assert';
import { ModelError } from '../../../src/engine/model/modelError';
import { encodeProfile } from '../../../src/engine/profile/profileCodec';
import { schemaViolation } from '../../../src/engine/profile/validateProfileFile';
import { describeTarget, openTarget } from '../../../src/engine/target/target';
import { syntheticProfile } from '../profile/syntheticProfile';

const context = (summary: Awaited<ReturnType<typeof describeTarget>>) => ({
  summary,
  settings: { provider: 'cpu' as const, threads: 1, seed: 42 },
  inputSeed: 1,
  inputPoolSize: 64,
});

async function modelErrorOf(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ModelError, `expected a ModelError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ModelError');
}

describe('targets: an ONNX file or a synthetic model', () => {
  it('describes a synthetic model as one batched float input and output, identified by its canonical spec', async () => {
    const model = await describeTarget('synthetic:per-item=2ms, base=20ms');
    assert.equal(model.path, 'synthetic:base=20ms,per-item=2ms');
    assert.equal(model.fileName, model.path);
    assert.deepEqual(model.target, {
      kind: 'synthetic',
      spec: 'synthetic:base=20ms,per-item=2ms',
      baseMs: 20,
      perItemMs: 2,
      jitter: 0,
      maxBatch: null,
    });
    assert.equal(model.inputs.length, 1);
    assert.deepEqual(model.inputs[0].shape, ['batch', 1]);
    assert.equal(model.inputs[0].batchAxis, 0);
    assert.equal(model.inputs[0].dtype, 'float32');
    assert.equal(model.batchable, true);
    assert.equal(model.maxBatchSupported, null);
  });

  it('caps the batch at max-batch without fixing the batch dim (no padding), and max-batch=1 does not batch', async () => {
    const capped = await describeTarget('synthetic:base=5ms,max-batch=4');
    assert.equal(capped.maxBatchSupported, 4);
    assert.equal(capped.inputs[0].shape[0], 'batch');
    const single = await describeTarget('synthetic:base=5ms,max-batch=1');
    assert.equal(single.batchable, false);
    assert.match(single.notBatchableReason ?? '', /max-batch=1/);
  });

  it('runs a synthetic model on busy-wait workers with its cost, jitter and a seed from the run', async () => {
    const target = openTarget('synthetic:base=20ms,per-item=2ms,jitter=10%');
    const executor = target.executor(context(await target.describe()));
    assert.equal(executor.kind, 'busyWait');
    if (executor.kind !== 'busyWait') return;
    assert.equal(executor.serviceMs, 20);
    assert.equal(executor.perRequestMs, 2);
    assert.equal(executor.jitter, 0.1);
    assert.equal(typeof executor.seed, 'number');
  });

  it('runs anything else as an ONNX file on inference workers (nothing is loaded to decide)', async () => {
    const target = openTarget('/nowhere/model.onnx', { threads: 1 });
    const executor = target.executor(context(await describeTarget('synthetic:base=1ms')));
    assert.equal(executor.kind, 'inference');
    if (executor.kind === 'inference') assert.equal(executor.spec.modelPath, '/nowhere/model.onnx');
  });

  it('refuses a bad spec, named inputs or dims, and the cuda provider, with exit code 2 and the fix', async () => {
    const bad = await modelErrorOf(describeTarget('synthetic:base=20'));
    assert.equal(bad.exitCode, 2);
    assert.match(bad.message, /^synthetic:base=20: base=20 has no unit; write base=20ms/);
    const dims = await modelErrorOf(
      describeTarget('synthetic:base=1ms', { dims: { seq: { min: 1, max: 4 } } }),
    );
    assert.equal(dims.exitCode, 2);
    assert.match(dims.message, /no named inputs or symbolic dims; remove what was given for dim seq/);
    const cuda = await modelErrorOf(describeTarget('synthetic:base=1ms', { provider: 'cuda' }));
    assert.match(cuda.message, /busy-waits on the CPU; the cuda provider does not apply/);
  });

  it('records the synthetic target in a profile that passes the schema; profiles without one stay valid', async () => {
    const profile = syntheticProfile([10]);
    assert.equal(
      schemaViolation(JSON.parse(JSON.stringify(encodeProfile(profile)))),
      null,
      'an ONNX profile',
    );
    const model = await describeTarget('synthetic:base=20ms,jitter=5%,max-batch=8');
    const file = JSON.parse(JSON.stringify(encodeProfile({ ...profile, model })));
    assert.equal(schemaViolation(file), null, 'a synthetic profile');
    file.model.target.kind = 'remote';
    assert.match(schemaViolation(file) ?? '', /^model\.target\.kind/);
    file.model.target = { ...model.target, jitter: -1 };
    assert.match(schemaViolation(file) ?? '', /^model\.target\.jitter/);
  });
});
