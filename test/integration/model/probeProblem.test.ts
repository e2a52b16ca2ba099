/**
 * A model that needs real values (samples/vad.onnx: sr must be 16000 and sequence 512) with real
 * onnxruntime: the panel's tolerant inspection returns its signature and what to set, the CLI's
 * inspection and a run fail naming the same suspects, and with the values set it batches.
 */
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { defaultModelOptions, inspectModel, ModelError } from '../../../src/engine/model';
import { runProfile } from '../../../src/engine/runtime/runProfile';
import { describeTarget } from '../../../src/engine/target/target';
import type { EngineToHost } from '../../../src/shared/engineProtocol';
import type { ModelSummary } from '../../../src/shared/profileTypes';
import { assertNoStack, buildBundles, REPO, runCli } from '../cli/runCli';
import { samplePath } from './sampleModels';

const vad = samplePath('vad');
const realValues = { fixedInputs: { sr: [16000] }, dims: { sequence: { min: 512, max: 512 } } };

describe('a model that rejects synthetic values: samples/vad.onnx (real onnxruntime)', function () {
  this.timeout(60_000);

  it('the sample runs only with sr = 16000 and sequence = 512, and a batch of 3 gives [3, 1]', async () => {
    const session = await ort.InferenceSession.create(vad);
    const run = (sr: number, sequence: number, batch = 1) =>
      session.run({
        input: new ort.Tensor('float32', new Float32Array(batch * sequence).fill(0.5), [batch, sequence]),
        sr: new ort.Tensor('int64', BigInt64Array.from([BigInt(sr)]), []),
      });
    try {
      assert.deepEqual((await run(16000, 512, 3)).output.dims, [3, 1]);
      await assert.rejects(run(7, 512), /Reshape node\. Name:'frame'.*requested shape:\{1,0\}/);
      await assert.rejects(run(16000, 1024), /Reshape node\. Name:'frame'/);
      await assert.rejects(run(8000, 512), /Reshape node\. Name:'frame'/);
      await assert.rejects(run(8000, 256), /MatMul node\. Name:'classify'/);
    } finally {
      await session.release();
    }
  });

  it("the panel's inspection returns the signature, the dims tried and what to set, without CLI flags", async () => {
    const s = await describeTarget(vad, {}, { tolerateProbeFailure: true });
    assert.equal(s.fileName, 'vad.onnx');
    assert.equal(s.bytes, fs.statSync(vad).size);
    assert.match(s.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      s.inputs.map((i) => [i.name, i.dtype, i.shape]),
      [
        ['input', 'float32', ['batch', 'sequence']],
        ['sr', 'int64', []],
      ],
    );
    assert.deepEqual(
      s.outputs.map((o) => [o.name, o.dtype, o.shape]),
      [['output', 'float32', ['batch', 1]]],
    );
    assert.deepEqual(s.dims, [{ name: 'sequence', min: 16, max: 16, source: 'default' }]);
    assert.deepEqual(s.fixedInputs, {});
    assert.equal(s.batchable, false);
    assert.equal(s.maxBatchSupported, null);

    const p = s.probeProblem;
    assert.ok(p, 'probeProblem is set');
    assert.equal(p.node, "Reshape 'frame'");
    assert.match(p.message, /running Reshape node\. Name:'frame'/);
    assert.equal(p.inputs[0], 'sr');
    assert.deepEqual(p.inputs, ['sr', 'input']);
    assert.deepEqual(p.dims, ['sequence']);
    assert.equal(
      s.notBatchableReason,
      "The model rejected synthetic values (Reshape 'frame' failed): set `sr` under Fixed inputs or " +
        '`sequence` under Symbolic dimensions.',
    );
    assert.doesNotMatch(s.notBatchableReason!, /--/);
  });

  it('with sr set but sequence left at its default, the panel still gets the problem, and the reason leads with sequence', async () => {
    const s = await inspectModel(vad, { fixedInputs: { sr: [16000] } }, { tolerateProbeFailure: true });
    assert.equal(s.batchable, false);
    assert.match(s.probeProblem!.message, /requested shape:\{1,512\}/);
    assert.deepEqual(s.probeProblem!.dims, ['sequence']);
    assert.deepEqual(s.probeProblem!.inputs, ['sr', 'input']);
    assert.deepEqual(s.fixedInputs, { sr: [16000] });
    assert.match(
      s.notBatchableReason!,
      /: set `sequence` under Symbolic dimensions or `sr` under Fixed inputs\.$/,
    );
  });

  it("the CLI's inspection still throws ModelError exit 3, naming sr and sequence in flag terms", async () => {
    const err = await inspectModel(vad).then(
      () => assert.fail('expected the inspection to fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ModelError, String(err));
    assert.equal(err.exitCode, 3);
    assert.match(err.message, /rejected Batchscope's synthetic inputs/);
    assert.match(
      err.message,
      /from what feeds the failing node Reshape 'frame': inputs 'sr', then 'input'; dim 'sequence'/,
    );
    assert.match(err.message, /--input sr=VALUE/);
    assert.match(err.message, /--dim sequence=VALUE/);
  });

  it('with sr=16000 and sequence=512 it batches along axis 0, sr fed once, and no problem is reported', async () => {
    for (const behaviour of [{}, { tolerateProbeFailure: true }]) {
      const s = await inspectModel(vad, realValues, behaviour);
      assert.equal(s.batchable, true);
      assert.equal(s.maxBatchSupported, null);
      assert.equal(s.probeProblem, undefined);
      assert.equal(s.notBatchableReason, undefined);
      assert.deepEqual(
        s.inputs.map((i) => [i.name, i.batchAxis, i.batchAxisSource]),
        [
          ['input', 0, 'probe'],
          ['sr', null, 'none'],
        ],
      );
      assert.equal(s.outputs[0].batchAxis, 0);
      assert.deepEqual(s.dims, [{ name: 'sequence', min: 512, max: 512, source: 'user' }]);
    }
  });

  it('a run never tolerates it: runProfile rejects with the exit-3 ModelError before starting workers', async () => {
    await assert.rejects(
      runProfile({
        modelPath: vad,
        modelOptions: defaultModelOptions,
        maxBatchForCalibration: 2,
        settings: {
          arrival: { kind: 'poisson' },
          rateRps: 100,
          rateDerived: false,
          durationS: 0.2,
          warmupS: 0,
          instances: 1,
          threads: 1,
          provider: 'cpu',
          sloMs: null,
          seed: 1,
          strategies: [{ name: 'none' }],
        },
      }),
      (e: unknown) => e instanceof ModelError && e.exitCode === 3 && /--input sr=VALUE/.test(e.message),
    );
  });
});

/** Sends one inspect request to a forked dist/engine.js and returns its answer. */
function inspectInEngine(modelPath: string): Promise<EngineToHost> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(REPO, 'dist', 'engine.js'), [], {
      serialization: 'advanced',
      stdio: 'pipe',
    });
    child.once('error', reject);
    child.once('message', (m) => {
      child.disconnect();
      resolve(m as EngineToHost);
    });
    child.send({ type: 'inspect', modelPath, modelOptions: { ...defaultModelOptions } });
  });
}

describe('samples/vad.onnx through the built bundles', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => buildBundles());
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-vad-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the engine child's inspect is the panel's: a summary with probeProblem, not a failure", async () => {
    const m = await inspectInEngine(vad);
    assert.equal(m.type, 'inspected', JSON.stringify(m));
    const summary = (m as { summary: ModelSummary }).summary;
    assert.equal(summary.batchable, false);
    assert.equal(summary.probeProblem?.inputs[0], 'sr');
  });

  it('the CLI without the values exits 3 naming sr; with --input sr=16000 --dim sequence=512 it profiles', async () => {
    const failed = await runCli(['inspect', vad], dir);
    assert.equal(failed.code, 3, failed.stderr);
    assertNoStack(failed);
    assert.match(failed.stderr, /--input sr=VALUE/);

    const out = path.join(dir, 'vad.json');
    const r = await runCli(
      [
        ...['profile', vad, '--input', 'sr=16000', '--dim', 'sequence=512'],
        ...['--duration', '1', '--warmup', '0.2', '--rate', '200', '--strategies', 'none,dynamic'],
        ...['--json', '--out', out],
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      json.model.inputs.map((i: { name: string; batchAxis: number | null }) => [i.name, i.batchAxis]),
      [
        ['input', 0],
        ['sr', null],
      ],
    );
    // Calibration ran real batches of several requests with sr fed once beside them.
    assert.ok(
      json.calibration.some(
        (c: { batchSize: number; latencyMs: number }) => c.batchSize > 1 && c.latencyMs > 0,
      ),
      JSON.stringify(json.calibration),
    );
    assert.deepEqual(
      json.strategies.map((s: { name: string }) => s.name),
      ['none', 'dynamic'],
    );
    for (const s of json.strategies) {
      assert.ok(s.requests > 50, `${s.label}: ${s.requests} requests`);
      assert.equal(s.completed, s.requests, `${s.label}: every request completed`);
    }
    assert.ok(fs.existsSync(out), 'the profile was written');
  });
});
